import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Dockerode from 'dockerode';
import { PodiumError } from '../../contract/errors.js';
import {
  type ServiceHandle,
  type ServiceSpec,
  type ServiceState,
  serviceName,
  waitHealthy,
} from '../service-spec.js';
import { engineStatus, isNotFound } from './engine.js';

export type ServiceStats = { cpuPercent: number; memoryBytes: number };

/** How long state() may answer from its cache before it asks the engine again (in the background). */
const STATE_TTL_MS = 1_000;

type Inspection = Awaited<ReturnType<Dockerode.Container['inspect']>>;

/**
 * A model service running as a container. The engine supervises it (restart policy); this
 * handle reads its state, logs and stats from the engine, and stop() removes the container after
 * archiving its logs to the spec's log file, so they outlive it as the process runtime's do.
 */
export class DockerService implements ServiceHandle {
  readonly runtime = 'docker' as const;
  readonly url: string;
  readonly name: string;
  private current: ServiceState;
  private restartCount = 0;
  private refreshedAt = 0;
  private refreshing: Promise<ServiceState> | null = null;
  /**
   * The engine's restart count when /health last answered 200: the engine's first probe lags
   * by its interval, and a restarted container must prove itself healthy again.
   */
  private healthyAtRestart: number | null = null;
  private stopped = false;

  constructor(
    private readonly container: Dockerode.Container,
    readonly spec: ServiceSpec,
    private readonly stopTimeoutSeconds = 10,
    initial: ServiceState = 'starting',
  ) {
    this.url = `http://${spec.host}:${spec.port}`;
    this.name = serviceName(spec);
    this.current = initial;
  }

  get id(): string {
    return this.container.id;
  }

  /** The last known state; refreshed from the engine in the background when older than a second. */
  state(): ServiceState {
    if (!this.stopped && Date.now() - this.refreshedAt > STATE_TTL_MS) void this.refresh().catch(() => {});
    return this.current;
  }

  /** How often the engine restarted the container (restart policy) since it was created. */
  restarts(): number {
    return this.restartCount;
  }

  /** Asks the engine now and updates state() and restarts(). */
  refresh(): Promise<ServiceState> {
    this.refreshing ??= this.inspectState().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * Resolves once /health answers 200. Fails fast when the container exits or is restarted by
   * the engine meanwhile (a model that cannot load would otherwise crash-loop until the timeout).
   */
  async waitUntilHealthy(timeoutMs: number): Promise<void> {
    let alive = true;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const info = await this.inspect();
        if (
          !info ||
          info.State.Status === 'exited' ||
          info.State.Status === 'dead' ||
          info.RestartCount > 0
        ) {
          alive = false;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })().catch(() => {
      alive = false;
    });
    try {
      await waitHealthy(this.url, timeoutMs, () => alive);
      this.healthyAtRestart = this.restartCount;
      this.current = 'running';
    } catch (error) {
      const logs = await this.logs(40).catch(() => '');
      throw new PodiumError(
        'INTERNAL',
        `The container ${this.name} did not become healthy: ${(error as Error).message}`,
        {
          container: this.name,
          logs,
        },
      );
    } finally {
      polling = false;
      await poll;
    }
  }

  /** Records that /health answered 200 (an adopted service that was probed). */
  markHealthy(): void {
    this.healthyAtRestart = this.restartCount;
    if (this.current === 'starting' || this.current === 'restarting') this.current = 'running';
  }

  /** Graceful stop (SIGTERM, the service drains), SIGKILL after the timeout, then removal. */
  async stop(timeoutSeconds = this.stopTimeoutSeconds): Promise<void> {
    this.stopped = true;
    this.current = 'stopped';
    try {
      await this.container.stop({ t: timeoutSeconds });
    } catch (error) {
      // 304: already stopped; 404: already gone. Either way there is nothing left to stop.
      const status = engineStatus(error);
      if (status !== 304 && status !== 404) throw error;
    }
    await this.archiveLogs();
    try {
      await this.container.remove({ force: true, v: true });
    } catch (error) {
      // 409: a removal is already in progress (e.g. two stops at once).
      const status = engineStatus(error);
      if (status !== 404 && status !== 409) throw error;
    }
  }

  /** The container's last lines of stdout and stderr; the archived log once it is removed. */
  async logs(lines = 100): Promise<string> {
    try {
      const raw = await this.container.logs({ stdout: true, stderr: true, tail: lines, follow: false });
      return demuxLogs(raw);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (!this.spec.logFile) return '';
      const text = await readFile(this.spec.logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .slice(-lines - 1)
        .join('\n');
    }
  }

  /** CPU (percent of one core, as `docker stats`) and memory use, from one stats sample. */
  async stats(): Promise<ServiceStats> {
    // Not "one-shot": the engine then samples twice, a second apart, so precpu has a baseline.
    const stats = await this.container.stats({ stream: false });
    const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - (stats.precpu_stats.cpu_usage?.total_usage ?? 0);
    const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats.system_cpu_usage ?? 0);
    const cpus = stats.cpu_stats.online_cpus || stats.cpu_stats.cpu_usage.percpu_usage?.length || 1;
    const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
    const memory = stats.memory_stats;
    // As `docker stats`: page cache the kernel can drop is not the service's memory.
    const cache = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
    const usage = memory.usage ?? 0;
    return { cpuPercent, memoryBytes: cache < usage ? usage - cache : usage };
  }

  private async inspect(): Promise<Inspection | null> {
    try {
      return await this.container.inspect();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async inspectState(): Promise<ServiceState> {
    const info = await this.inspect();
    this.refreshedAt = Date.now();
    if (info) this.restartCount = info.RestartCount;
    if (!this.stopped) {
      this.current = info ? toServiceState(info, this.healthyAtRestart === info.RestartCount) : 'stopped';
    }
    if (this.current === 'running') this.healthyAtRestart = this.restartCount;
    return this.current;
  }

  private async archiveLogs(): Promise<void> {
    if (!this.spec.logFile) return;
    try {
      const raw = await this.container.logs({ stdout: true, stderr: true, timestamps: true, follow: false });
      await mkdir(dirname(this.spec.logFile), { recursive: true });
      await appendFile(
        this.spec.logFile,
        `--- ${new Date().toISOString()} container ${this.name} (${this.id.slice(0, 12)}) removed; its log follows\n${demuxLogs(raw)}`,
      );
    } catch {
      // Losing the archive must not keep a container alive; the engine's log went with it.
    }
  }
}

/** Engine state → ours. `healthy` says whether the service has answered /health before. */
export function toServiceState(info: Inspection, healthy: boolean): ServiceState {
  const { State } = info;
  switch (State.Status) {
    case 'created':
      return 'starting';
    case 'running': {
      const health = State.Health?.Status;
      // An unhealthy service answers no predictions even though its process lives.
      if (health === 'unhealthy') return 'failed';
      // No health check configured: the engine cannot tell us more than that it runs.
      if (health === 'healthy' || health === undefined || healthy) return 'running';
      return info.RestartCount > 0 ? 'restarting' : 'starting';
    }
    case 'restarting':
      return 'restarting';
    case 'paused':
    case 'removing':
      return 'stopped';
    default:
      // exited or dead: a clean exit was a stop; anything else is a failure the policy gave up on.
      return State.ExitCode === 0 ? 'stopped' : 'failed';
  }
}

/**
 * The engine multiplexes stdout and stderr of a container without a TTY into frames with an
 * 8-byte header (stream, 0, 0, 0, big-endian length); a TTY container's log is the raw text.
 */
export function demuxLogs(raw: Buffer | string): string {
  const buffer = typeof raw === 'string' ? Buffer.from(raw, 'binary') : raw;
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    if (stream > 2 || buffer[offset + 1] !== 0 || buffer[offset + 2] !== 0 || buffer[offset + 3] !== 0) {
      return buffer.toString('utf8');
    }
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  if (offset === 0 && buffer.length > 0) return buffer.toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}
