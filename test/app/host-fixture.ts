import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CoreHostClient,
  type CoreHostClientOptions,
  type CoreHostStatus,
  forkNodeHost,
} from '../../main/app/index.js';
import { freeLoopbackPort } from '../helpers/docker.js';
import { tempDir } from '../helpers/workspace.js';

export type HostFixture = {
  client: CoreHostClient;
  devDir: string;
  statuses: CoreHostStatus[];
  close(): Promise<void>;
};

/**
 * A real core host, forked as a Node child process onto a temporary workspace, with its own
 * ports (the config is read from PODIUM_* variables, as `podium ui` reads it) and short restart
 * delays so a crash test does not wait long.
 */
export async function hostFixture(options: Partial<CoreHostClientOptions> = {}): Promise<HostFixture> {
  const dir = tempDir('podium-host-');
  const devDir = join(dir, 'workspace');
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PODIUM_'))),
    PODIUM_SERVING_PORT: String(await freeLoopbackPort()),
    PODIUM_SERVING_SERVICE_PORT_START: String(20_000 + Math.floor(Math.random() * 30_000)),
    PODIUM_MONITORING_METRICS_PORT: '0',
    PODIUM_PROD_APPROVERS: '[carol]',
  };
  const statuses: CoreHostStatus[] = [];
  const client = await CoreHostClient.start({
    launch: forkNodeHost({ env, cwd: dir }),
    host: { devDir, environment: 'dev', actor: 'carol' },
    restartDelayMs: 50,
    onStatus: (status) => statuses.push(status),
    ...options,
  });
  return {
    client,
    devDir,
    statuses,
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True while a process with this id exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
