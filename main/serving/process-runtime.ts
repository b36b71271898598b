import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECRET_KEYS } from '../config/index.js';
import { TOKEN_SHA256_ENV } from './auth-guard.js';
import { assertBindAllowed } from './bind-policy.js';
import { type ServiceHandle, type ServiceSpec, type ServiceState, waitHealthy } from './service-spec.js';

const SERVICE_ENTRY = fileURLToPath(new URL('./service-main.js', import.meta.url));

export type RestartPolicy = { initialDelayMs: number; maxDelayMs: number; stableAfterMs: number };

const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 250, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/**
 * A model service as a supervised child process: restarted with exponential backoff when it
 * dies, its output appended to a log file in the workspace, stopped with SIGTERM (graceful
 * drain) and SIGKILL only if it does not exit in time.
 */
export class SupervisedService implements ServiceHandle {
  readonly runtime = 'process' as const;
  readonly url: string;
  private child: ChildProcess | null = null;
  private current: ServiceState = 'starting';
  private restartCount = 0;
  private consecutiveFailures = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly log: WriteStream;

  constructor(
    readonly spec: ServiceSpec,
    private readonly policy: RestartPolicy = DEFAULT_RESTART,
  ) {
    this.url = `http://${spec.host}:${spec.port}`;
    mkdirSync(dirname(spec.logFile), { recursive: true });
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get id(): string {
    return String(this.child?.pid ?? '');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  state(): ServiceState {
    return this.current;
  }

  restarts(): number {
    return this.restartCount;
  }

  /** Starts the process and resolves once /health says the model is loaded. */
  async start(timeoutMs = 30_000): Promise<void> {
    assertBindAllowed(this.spec.host, this.spec.tokenSha256 !== undefined);
    this.spawnChild();
    await waitHealthy(this.url, timeoutMs, () => this.current !== 'failed' && this.current !== 'stopped');
    this.current = 'running';
  }

  private spawnChild(): void {
    const { spec } = this;
    this.startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        SERVICE_ENTRY,
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
      { stdio: ['ignore', 'pipe', 'pipe'], env: serviceEnvironment(spec) },
    );
    this.child = child;
    this.log.write(
      `--- ${new Date().toISOString()} start pid ${child.pid} (${spec.role} v${spec.version})\n`,
    );
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.log.write(`--- ${new Date().toISOString()} exit code ${code} signal ${signal}\n`);
    if (this.current === 'stopped') return;
    // A process that ran a while before dying gets a fresh backoff; one that dies at once backs off.
    if (Date.now() - this.startedAt > this.policy.stableAfterMs) this.consecutiveFailures = 0;
    const delay = Math.min(
      this.policy.maxDelayMs,
      this.policy.initialDelayMs * 2 ** this.consecutiveFailures,
    );
    this.consecutiveFailures++;
    this.restartCount++;
    this.current = 'restarting';
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.current !== 'restarting') return;
      this.spawnChild();
      waitHealthy(this.url, 30_000, () => this.current === 'restarting').then(
        () => {
          if (this.current === 'restarting') this.current = 'running';
        },
        () => {},
      );
    }, delay);
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.current = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  async logs(lines = 100): Promise<string> {
    try {
      const text = await readFile(this.spec.logFile, 'utf8');
      return text
        .split('\n')
        .slice(-lines - 1)
        .join('\n');
    } catch {
      return '';
    }
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
