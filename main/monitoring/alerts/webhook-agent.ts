import { createRequire } from 'node:module';
import type { Agent } from 'undici';

// undici (CommonJS) is required when a webhook is configured, not with every API that opens a
// workspace, which is every CLI command.
const requireModule = createRequire(import.meta.url);

/** The connection pool of one webhook receiver, with its connect timeout. */
export function webhookAgent(timeoutMs: number): Agent {
  const undici = requireModule('undici') as typeof import('undici');
  return new undici.Agent({ connect: { timeout: timeoutMs } });
}
