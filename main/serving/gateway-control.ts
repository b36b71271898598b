import type { GatewayProcessStatus } from './gateway-admin.js';
import type { GatewayRouting } from './gateway-routing.js';

/**
 * How the gateway process learns its admin key: the environment, not the command line, which
 * every local user can read with `ps`.
 */
export const GATEWAY_ADMIN_KEY_ENV = 'PODIUM_GATEWAY_ADMIN_KEY';

/**
 * The gateway process's exit code when it cannot listen on its port (taken, privileged,
 * invalid): its supervisor reads it as a start failure to report, not a crash to retry.
 */
export const GATEWAY_CANNOT_LISTEN_EXIT = 3;
/** The line the gateway writes to its log before that exit; the supervisor quotes it. */
export const GATEWAY_CANNOT_LISTEN_PREFIX = 'podium gateway: cannot listen';

/** The steering side of gateway-admin.ts: typed calls to one gateway process's admin endpoint. */
export class GatewayControl {
  constructor(
    readonly adminUrl: string,
    private readonly adminKey: string,
  ) {}

  status(timeoutMs = 2_000): Promise<GatewayProcessStatus> {
    return this.call('GET', '/status', undefined, timeoutMs) as Promise<GatewayProcessStatus>;
  }

  /** Resolves once the gateway routes this way (an old champion drained, removed shadows idle). */
  route(routing: GatewayRouting): Promise<GatewayProcessStatus> {
    return this.call('PUT', '/routing', routing, 60_000) as Promise<GatewayProcessStatus>;
  }

  claim(ownerPid: number): Promise<GatewayProcessStatus> {
    return this.call('PUT', '/owner', { pid: ownerPid }, 2_000) as Promise<GatewayProcessStatus>;
  }

  async mirrorsIdle(): Promise<void> {
    await this.call('POST', '/mirrors-idle', undefined, 60_000);
  }

  async metrics(): Promise<string> {
    const response = await this.send('GET', '/metrics', undefined, 5_000);
    return await response.text();
  }

  private async call(method: string, path: string, body: unknown, timeoutMs: number): Promise<unknown> {
    const response = await this.send(method, path, body, timeoutMs);
    return await response.json();
  }

  private async send(method: string, path: string, body: unknown, timeoutMs: number): Promise<Response> {
    const response = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {}
      throw new Error(
        `The gateway's admin endpoint answered ${response.status} to ${method} ${path}: ${message}`,
      );
    }
    return response;
  }
}
