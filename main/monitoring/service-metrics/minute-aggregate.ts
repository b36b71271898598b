import { type Bucket, latencyQuantiles } from './histogram-quantile.js';
import type { ServiceMetricsPoint } from './types.js';

export const MINUTE_MS = 60_000;

export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** A row of service_samples, as SQLite returns it. */
export type SampleRow = {
  model_name: string;
  source: 'service' | 'gateway';
  version: number;
  role: 'champion' | 'shadow' | null;
  at_ms: number;
  interval_ms: number;
  up: 0 | 1;
  requests: number | null;
  errors: number | null;
  client_errors: number | null;
  model_errors: number | null;
  p50_seconds: number | null;
  p95_seconds: number | null;
  p99_seconds: number | null;
  buckets_json: string | null;
  cpu_percent: number | null;
  memory_bytes: number | null;
};

/** A row of service_minutes. */
export type MinuteRow = {
  model_name: string;
  source: 'service' | 'gateway';
  version: number;
  minute_ms: number;
  role: 'champion' | 'shadow' | null;
  samples: number;
  up_samples: number;
  seconds: number;
  requests: number | null;
  errors: number | null;
  client_errors: number | null;
  model_errors: number | null;
  p50_seconds: number | null;
  p95_seconds: number | null;
  p99_seconds: number | null;
  buckets_json: string | null;
  cpu_percent: number | null;
  cpu_percent_max: number | null;
  memory_bytes: number | null;
  memory_bytes_max: number | null;
};

/** JSON has no Infinity: the +Inf bound is stored as null. */
export function bucketsToJson(buckets: readonly Bucket[]): string {
  return JSON.stringify(buckets.map((b) => [Number.isFinite(b.upperBound) ? b.upperBound : null, b.count]));
}

export function bucketsFromJson(json: string): Bucket[] {
  return (JSON.parse(json) as [number | null, number][]).map(([bound, count]) => ({
    upperBound: bound ?? Number.POSITIVE_INFINITY,
    count,
  }));
}

const sumOrNull = (values: (number | null)[]): number | null =>
  values.some((v) => v !== null) ? values.reduce<number>((total, v) => total + (v ?? 0), 0) : null;

/**
 * One minute of one target from its raw samples (ordered by time). Counts are summed; latency
 * quantiles are recomputed from the summed histogram, since an average of p99s is not a p99.
 * Only when the bucket layout changed inside the minute (a service upgrade) do they fall back to
 * a request-weighted average. CPU is averaged over time, memory over samples.
 */
export function aggregateMinute(rows: readonly SampleRow[], minuteMs: number): MinuteRow {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const up = rows.filter((row) => row.up === 1);
  const requests = up.length > 0 ? sumOrNull(up.map((row) => row.requests)) : null;
  const quantiles = minuteQuantiles(up);
  const cpuRows = rows.filter((row) => row.cpu_percent !== null);
  const cpuWeight = cpuRows.reduce((total, row) => total + row.interval_ms, 0);
  const cpu =
    cpuRows.length === 0
      ? null
      : cpuWeight > 0
        ? cpuRows.reduce((total, row) => total + (row.cpu_percent ?? 0) * row.interval_ms, 0) / cpuWeight
        : cpuRows.reduce((total, row) => total + (row.cpu_percent ?? 0), 0) / cpuRows.length;
  const memory = rows.map((row) => row.memory_bytes).filter((v): v is number => v !== null);
  return {
    model_name: first.model_name,
    source: first.source,
    version: first.version,
    minute_ms: minuteMs,
    role: last.role,
    samples: rows.length,
    up_samples: up.length,
    seconds: up.reduce((total, row) => total + row.interval_ms, 0) / 1000,
    requests,
    errors: up.length > 0 ? sumOrNull(up.map((row) => row.errors)) : null,
    client_errors: up.length > 0 ? sumOrNull(up.map((row) => row.client_errors)) : null,
    model_errors: up.length > 0 ? sumOrNull(up.map((row) => row.model_errors)) : null,
    p50_seconds: quantiles.p50,
    p95_seconds: quantiles.p95,
    p99_seconds: quantiles.p99,
    buckets_json: quantiles.buckets ? bucketsToJson(quantiles.buckets) : null,
    cpu_percent: cpu,
    cpu_percent_max: cpuRows.length ? Math.max(...cpuRows.map((row) => row.cpu_percent ?? 0)) : null,
    memory_bytes: memory.length ? Math.round(memory.reduce((a, b) => a + b, 0) / memory.length) : null,
    memory_bytes_max: memory.length ? Math.max(...memory) : null,
  };
}

function minuteQuantiles(up: readonly SampleRow[]): {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  buckets: Bucket[] | null;
} {
  const histograms = up
    .filter((row) => row.buckets_json !== null)
    .map((row) => bucketsFromJson(row.buckets_json!));
  if (histograms.length === 0) return { p50: null, p95: null, p99: null, buckets: null };
  const layout = histograms[0].map((b) => b.upperBound).join(',');
  if (histograms.every((h) => h.map((b) => b.upperBound).join(',') === layout)) {
    const buckets = histograms[0].map((b, i) => ({
      upperBound: b.upperBound,
      count: histograms.reduce((total, h) => total + h[i].count, 0),
    }));
    return { ...latencyQuantiles(buckets), buckets };
  }
  const weighted = (pick: (row: SampleRow) => number | null): number | null => {
    let weight = 0;
    let total = 0;
    for (const row of up) {
      const value = pick(row);
      if (value === null || !row.requests) continue;
      weight += row.requests;
      total += value * row.requests;
    }
    return weight > 0 ? total / weight : null;
  };
  return {
    p50: weighted((row) => row.p50_seconds),
    p95: weighted((row) => row.p95_seconds),
    p99: weighted((row) => row.p99_seconds),
    buckets: null,
  };
}

function rates(requests: number | null, errors: number | null, clientErrors: number | null, seconds: number) {
  const share = (count: number | null) =>
    requests !== null && requests > 0 && count !== null ? count / requests : null;
  return {
    throughput: requests !== null && seconds > 0 ? requests / seconds : null,
    errorRate: share(errors),
    clientErrorRate: share(clientErrors),
  };
}

export function pointFromSample(row: SampleRow): ServiceMetricsPoint {
  const seconds = row.up ? row.interval_ms / 1000 : 0;
  return {
    atMs: row.at_ms,
    seconds,
    upShare: row.up,
    samples: 1,
    requests: row.requests,
    errors: row.errors,
    clientErrors: row.client_errors,
    ...rates(row.requests, row.errors, row.client_errors, seconds),
    modelErrors: row.model_errors,
    p50: row.p50_seconds,
    p95: row.p95_seconds,
    p99: row.p99_seconds,
    cpuPercent: row.cpu_percent,
    cpuPercentMax: row.cpu_percent,
    memoryBytes: row.memory_bytes,
    memoryBytesMax: row.memory_bytes,
  };
}

export function pointFromMinute(row: MinuteRow): ServiceMetricsPoint {
  return {
    atMs: row.minute_ms,
    seconds: row.seconds,
    upShare: row.samples > 0 ? row.up_samples / row.samples : 0,
    samples: row.samples,
    requests: row.requests,
    errors: row.errors,
    clientErrors: row.client_errors,
    ...rates(row.requests, row.errors, row.client_errors, row.seconds),
    modelErrors: row.model_errors,
    p50: row.p50_seconds,
    p95: row.p95_seconds,
    p99: row.p99_seconds,
    cpuPercent: row.cpu_percent,
    cpuPercentMax: row.cpu_percent_max,
    memoryBytes: row.memory_bytes,
    memoryBytesMax: row.memory_bytes_max,
  };
}
