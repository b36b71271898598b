export type ServiceRole = 'champion' | 'shadow';

/** What a runtime needs to run one model version as an HTTP service. */
export type ServiceSpec = {
  modelName: string;
  version: number;
  role: ServiceRole;
  packageDir: string;
  host: string;
  port: number;
  environment: string;
  batchLimit: number;
  /** SHA-256 (hex) of serving.auth_token when one is set; the plain token never goes to a service. */
  tokenSha256?: string;
  /** Where the service's stdout/stderr go (process runtime). */
  logFile: string;
};

export type ServiceState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

export type ServiceHandle = {
  readonly runtime: 'process' | 'docker';
  readonly spec: ServiceSpec;
  readonly url: string;
  /** Process id, or container id for Docker. */
  readonly id: string;
  state(): ServiceState;
  restarts(): number;
  stop(): Promise<void>;
  logs(lines?: number): Promise<string>;
};

export function serviceName(spec: Pick<ServiceSpec, 'modelName' | 'version' | 'environment'>): string {
  return `podium-${spec.environment}-${spec.modelName}-v${spec.version}`;
}

/**
 * How a supervised service process learns the instance tag its /health answers with, so that its
 * supervisor never takes another server on the same port (another workspace's service, say)
 * for it.
 */
export const SERVICE_INSTANCE_ENV = 'PODIUM_SERVICE_INSTANCE';

/** The service process's exit code when it cannot listen on its port: a start failure, not a crash. */
export const SERVICE_CANNOT_LISTEN_EXIT = 3;

/**
 * Polls /health until the model is loaded; a service is only switched to once it answers ready.
 * With `instance`, only an answer carrying that tag counts: one without it is another server.
 */
export async function waitHealthy(
  url: string,
  timeoutMs = 30_000,
  isAlive: () => boolean = () => true,
  instance?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the service at ${url} exited before it was healthy`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.status !== 200) lastError = `health answered ${response.status}`;
      else if (instance === undefined) return;
      else {
        const answer = (await response.json().catch(() => null)) as { instance?: unknown } | null;
        if (answer?.instance === instance) return;
        lastError = 'another server answers there';
      }
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service at ${url} was not healthy within ${timeoutMs / 1000} s (${lastError})`);
}
