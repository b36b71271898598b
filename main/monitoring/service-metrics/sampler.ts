import { request } from 'undici';
import type { Clock } from '../../common/clock.js';
import { PodiumError } from '../../contract/errors.js';
import {
  GATEWAY_METRICS,
  intervalStats,
  MODEL_SERVICE_METRICS,
  PREDICTION_ROUTES,
  type RequestMetricNames,
  type Snapshot,
  toSnapshot,
} from './interval-stats.js';
import { ProcessCpuMeter, type ProcessUsage } from './process-usage.js';
import { parsePrometheusText } from './prometheus-text.js';
import type { ServiceMetricsStore } from './store.js';
import type { MetricsTarget, MonitoredGateway, MonitoredService, ServiceSample } from './types.js';

export type ServiceMetricsSamplerOptions = {
  store: ServiceMetricsStore;
  clock: Clock;
  /** The services running now; asked on every round, so starts and stops are followed. */
  services: () => readonly MonitoredService[] | Promise<readonly MonitoredService[]>;
  /** The gateways running now (read in-process). */
  gateways?: () => readonly MonitoredGateway[];
  /** Seconds between rounds (default 10). */
  intervalSeconds?: number;
  /** Per scrape; a hung service must not stall the others (default 2 s). */
  scrapeTimeoutMs?: number;
  /** Docker's stats call samples twice a second apart, so it gets longer (default 5 s). */
  statsTimeoutMs?: number;
  /** Routes counted as traffic (default /predict and /batch_predict). */
  routes?: ReadonlySet<string>;
  /** Compaction runs at most this often, after a round (default 5 minutes). */
  compactEveryMs?: number;
  /** Sent with every scrape, for services that require a bearer token. */
  headers?: Record<string, string>;
  /** How CPU and memory of child processes are read (tests inject readings). */
  cpuMeter?: ProcessCpuMeter;
  /** Failures that do not stop sampling (unreadable process, failed compaction). */
  onError?: (error: unknown, context: { target?: MetricsTarget; step: string }) => void;
};

/** A sample's request figures when the scrape failed: nothing is known. */
export const NO_REQUEST_FIGURES = {
  requests: null,
  errors: null,
  clientErrors: null,
  modelErrors: null,
  p50: null,
  p95: null,
  p99: null,
  buckets: null,
} as const;

/** The last good scrape of a target (null until one succeeds) and when it was last tried. */
type Baseline = { snapshot: Snapshot | null; atMs: number; lastSampleMs: number };

/**
 * Every N seconds, scrapes each running model service's /metrics and each gateway's registry,
 * turns counter and histogram deltas into the interval's throughput, error rate and latency
 * quantiles, adds CPU and memory of the service's process or container, and records one row per
 * target. A target's first good scrape only sets its baseline (deltas need two); a failed scrape
 * is recorded as down.
 */
export class ServiceMetricsSampler {
  private readonly baselines = new Map<string, Baseline>();
  private readonly cpuMeter: ProcessCpuMeter;
  private readonly latestByTarget = new Map<string, ServiceSample>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<ServiceSample[]> | null = null;
  private lastCompactMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ServiceMetricsSamplerOptions) {
    this.cpuMeter = options.cpuMeter ?? new ProcessCpuMeter();
    const seconds = options.intervalSeconds ?? 10;
    if (!(seconds > 0)) {
      throw new PodiumError('CONFIG_INVALID', `The sampling interval must be positive; got ${seconds} s`, {
        field: 'intervalSeconds',
      });
    }
  }

  /** Samples now (to set baselines) and then every interval, until stop(). */
  start(): void {
    if (this.timer) return;
    // A failed round (the service list or the database threw) must not crash the app: it is
    // reported and the next round tries again.
    const round = () =>
      void this.sampleOnce().catch((error: unknown) => this.options.onError?.(error, { step: 'round' }));
    round();
    this.timer = setInterval(round, (this.options.intervalSeconds ?? 10) * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round?.catch(() => {});
  }

  /** The newest recorded sample of every target, for a live view. */
  latest(): ServiceSample[] {
    return [...this.latestByTarget.values()];
  }

  /**
   * One round over every target. Rounds never overlap: a round asked for while one runs gets
   * that round's result, so a slow scrape cannot pile up concurrent ones.
   */
  sampleOnce(): Promise<ServiceSample[]> {
    if (!this.round) {
      this.round = this.runRound().finally(() => {
        this.round = null;
      });
    }
    return this.round;
  }

  private async runRound(): Promise<ServiceSample[]> {
    const services = await this.options.services();
    const gateways = this.options.gateways?.() ?? [];
    const atMs = this.options.clock.now().getTime();
    const results = await Promise.all([
      ...services.map((service) => this.sampleService(service, atMs)),
      ...gateways.map((gateway) => this.sampleGateway(gateway, atMs)),
    ]);
    const samples = results.filter((sample): sample is ServiceSample => sample !== null);
    const live = new Set([
      ...services.map((s) => keyOf(serviceTarget(s))),
      ...gateways.map((g) => keyOf({ model: g.model, source: 'gateway' })),
    ]);
    for (const key of [...this.baselines.keys()]) if (!live.has(key)) this.baselines.delete(key);
    for (const key of [...this.latestByTarget.keys()]) if (!live.has(key)) this.latestByTarget.delete(key);
    this.cpuMeter.retain(new Set(services.flatMap((s) => (s.pid === undefined ? [] : [s.pid]))));
    this.options.store.record(samples);
    for (const sample of samples) this.latestByTarget.set(keyOf(sample.target), sample);
    this.compactIfDue(atMs);
    return samples;
  }

  private async sampleService(service: MonitoredService, atMs: number): Promise<ServiceSample | null> {
    const target = serviceTarget(service);
    const [text, usage] = await Promise.all([
      this.scrape(service.url).catch((error: unknown) => {
        this.options.onError?.(error, { target, step: 'scrape' });
        return null;
      }),
      this.usage(service, atMs).catch((error: unknown) => {
        this.options.onError?.(error, { target, step: 'usage' });
        return { cpuPercent: null, memoryBytes: null };
      }),
    ]);
    return this.toSample(target, text, usage, MODEL_SERVICE_METRICS, atMs);
  }

  private async sampleGateway(gateway: MonitoredGateway, atMs: number): Promise<ServiceSample | null> {
    const target: MetricsTarget = { model: gateway.model, source: 'gateway' };
    const text = await gateway.metrics().catch((error: unknown) => {
      this.options.onError?.(error, { target, step: 'scrape' });
      return null;
    });
    return this.toSample(target, text, { cpuPercent: null, memoryBytes: null }, GATEWAY_METRICS, atMs);
  }

  private toSample(
    target: MetricsTarget,
    text: string | null,
    usage: ProcessUsage,
    names: RequestMetricNames,
    atMs: number,
  ): ServiceSample | null {
    const key = keyOf(target);
    const baseline = this.baselines.get(key);
    let snapshot: Snapshot | null = null;
    if (text !== null) {
      try {
        snapshot = toSnapshot(parsePrometheusText(text));
      } catch (error) {
        this.options.onError?.(error, { target, step: 'parse' });
      }
    }
    if (!snapshot) {
      // A failed scrape is recorded (availability, and usage may still be known), but keeps the
      // baseline of the last good one, so the next good scrape covers the whole gap.
      const intervalMs = baseline ? atMs - baseline.lastSampleMs : 0;
      if (baseline) baseline.lastSampleMs = atMs;
      else this.baselines.set(key, { snapshot: null, atMs, lastSampleMs: atMs });
      return { target, atMs, intervalMs, up: false, ...NO_REQUEST_FIGURES, ...usage };
    }
    this.baselines.set(key, { snapshot, atMs, lastSampleMs: atMs });
    if (!baseline?.snapshot) return null;
    const stats = intervalStats(baseline.snapshot, snapshot, names, this.options.routes ?? PREDICTION_ROUTES);
    return { target, atMs, intervalMs: atMs - baseline.atMs, up: true, ...stats, ...usage };
  }

  private async scrape(url: string): Promise<string> {
    const timeout = this.options.scrapeTimeoutMs ?? 2_000;
    const response = await request(`${url.replace(/\/$/, '')}/metrics`, {
      headers: this.options.headers,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    const body = await response.body.text();
    if (response.statusCode !== 200) {
      throw new PodiumError('INTERNAL', `${url}/metrics answered ${response.statusCode}`, {
        status: response.statusCode,
      });
    }
    return body;
  }

  private async usage(service: MonitoredService, atMs: number): Promise<ProcessUsage> {
    if (service.stats) {
      const timeout = this.options.statsTimeoutMs ?? 5_000;
      const stats = await withTimeout(service.stats(), timeout, `stats of ${service.url}`);
      return { cpuPercent: stats.cpuPercent, memoryBytes: stats.memoryBytes };
    }
    if (service.pid !== undefined) return this.cpuMeter.sample(service.pid, atMs);
    return { cpuPercent: null, memoryBytes: null };
  }

  private compactIfDue(atMs: number): void {
    if (atMs - this.lastCompactMs < (this.options.compactEveryMs ?? 5 * 60_000)) return;
    this.lastCompactMs = atMs;
    try {
      this.options.store.compact(new Date(atMs));
    } catch (error) {
      this.options.onError?.(error, { step: 'compact' });
    }
  }
}

function serviceTarget(service: MonitoredService): MetricsTarget {
  return { model: service.model, source: 'service', version: service.version, role: service.role };
}

/** Role is not part of a target's identity: a promoted shadow keeps its counters and baseline. */
function keyOf(target: MetricsTarget): string {
  return JSON.stringify([target.model, target.source, target.source === 'service' ? target.version : 0]);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PodiumError('INTERNAL', `${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
