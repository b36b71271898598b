import type { ServiceMetricsSample } from '../../contract/index.js';
import type { Bucket } from './histogram-quantile.js';

/**
 * What the sampler needs to know about one running model service. Deliberately smaller than the
 * serving room's handle, so tests (and other runtimes) can hand in plain objects.
 */
export type MonitoredService = {
  model: string;
  version: number;
  role: 'champion' | 'shadow';
  runtime: 'process' | 'docker';
  /** Base URL of the service; its Prometheus text is at `${url}/metrics`. */
  url: string;
  /** Child-process services: CPU and memory are read from the OS by pid. */
  pid?: number;
  /** Docker services: the engine's view of the container. */
  stats?(): Promise<{ cpuPercent: number; memoryBytes: number }>;
};

/** A model's gateway, read in-process (its prom-client registry) rather than over HTTP. */
export type MonitoredGateway = { model: string; metrics(): Promise<string> };

/** Whose figures a row holds: one version's service, or the model's gateway. */
export type MetricsTarget =
  | { model: string; source: 'service'; version: number; role: 'champion' | 'shadow' }
  | { model: string; source: 'gateway' };

/** One sampling interval of one target, as the sampler records it. */
export type ServiceSample = {
  target: MetricsTarget;
  atMs: number;
  /** Time since the previous successful scrape: what the counts cover. */
  intervalMs: number;
  /** False when the scrape failed; request figures are then null. */
  up: boolean;
  requests: number | null;
  /** 5xx answers. */
  errors: number | null;
  /** 4xx answers. */
  clientErrors: number | null;
  modelErrors: number | null;
  /** Latency quantiles in seconds; null without requests. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  buckets: Bucket[] | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
};

/** One point of a series: a raw sample, or a one-minute aggregate starting at `atMs`. */
export type ServiceMetricsPoint = ServiceMetricsSample;

export type SeriesResolution = 'raw' | 'minute';
