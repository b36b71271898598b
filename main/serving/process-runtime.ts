import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SECRET_KEYS } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import { TOKEN_SHA256_ENV } from './auth-guard.js';
import { assertBindAllowed } from './bind-policy.js';
import {
  SERVICE_CANNOT_LISTEN_EXIT,
  SERVICE_INSTANCE_ENV,
  type ServiceHandle,
  type ServiceSpec,
  type ServiceState,
  waitHealthy,
} from './service-spec.js';
import { type RestartPolicy, SupervisedProcess } from './supervised-process.js';

export type { RestartPolicy } from './supervised-process.js';

const SERVICE_ENTRY = fileURLToPath(new URL('./service-main.js', import.meta.url));

/**
 * A model service as a supervised child process (see supervised-process.ts): restarted with
 * backoff when it dies, its output in a log file in the workspace, stopped gracefully.
 */
export class SupervisedService implements ServiceHandle {
  readonly runtime = 'process' as const;
  readonly url: string;
  private readonly process: SupervisedProcess;
  /** What this service's /health carries: another server on its port (a race for it) is not taken for it. */
  private readonly instance = randomBytes(8).toString('hex');

  constructor(
    readonly spec: ServiceSpec,
    policy?: RestartPolicy,
  ) {
    this.url = `http://${spec.host}:${spec.port}`;
    this.process = new SupervisedProcess({
      command: () => ({
        script: SERVICE_ENTRY,
        args: [
          '--package',
          spec.packageDir,
          '--port',
          String(spec.port),
          '--host',
          spec.host,
          '--environment',
          spec.environment,
          '--role',
          spec.role,
          '--batch-limit',
          String(spec.batchLimit),
        ],
        env: { ...serviceEnvironment(spec), [SERVICE_INSTANCE_ENV]: this.instance },
        banner: `${spec.role} v${spec.version}`,
      }),
      logFile: spec.logFile,
      ready: (timeoutMs, isAlive) => waitHealthy(this.url, timeoutMs, isAlive, this.instance),
      policy,
    });
  }

  get id(): string {
    return String(this.process.pid ?? '');
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  state(): ServiceState {
    return this.process.state();
  }

  restarts(): number {
    return this.process.restarts();
  }

  /** Starts the process and resolves once /health says the model is loaded. */
  async start(timeoutMs = 30_000): Promise<void> {
    assertBindAllowed(this.spec.host, this.spec.tokenSha256 !== undefined);
    try {
      await this.process.start(timeoutMs);
    } catch (error) {
      if (this.process.lastExitCode() !== SERVICE_CANNOT_LISTEN_EXIT) throw error;
      const { host, port, modelName, version, logFile } = this.spec;
      throw new PodiumError(
        'CONFLICT',
        `The service for ${modelName} v${version} cannot listen on ${host}:${port} (another program holds it; its log is ${logFile}): set serving.service_port_start to a free range`,
        { field: 'port', host, port, reason: 'service_port_taken', logFile },
      );
    }
  }

  stop(timeoutMs = 10_000): Promise<void> {
    return this.process.stop(timeoutMs);
  }

  logs(lines = 100): Promise<string> {
    return this.process.logs(lines);
  }
}

/**
 * The child's environment: the parent's, without Podium's secrets (a PODIUM_SERVING_AUTH_TOKEN
 * the parent was started with would otherwise be inherited in plain), plus the token's hash.
 */
export function serviceEnvironment(spec: Pick<ServiceSpec, 'tokenSha256'>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // The config loader's naming: PODIUM_<SECTION>_<KEY>.
  for (const key of SECRET_KEYS) delete env[`PODIUM_${key.replace('.', '_').toUpperCase()}`];
  delete env[TOKEN_SHA256_ENV];
  if (spec.tokenSha256 !== undefined) env[TOKEN_SHA256_ENV] = spec.tokenSha256;
  return env;
}
