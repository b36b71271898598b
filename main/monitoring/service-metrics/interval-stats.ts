import { type Bucket, latencyQuantiles } from './histogram-quantile.js';
import type { MetricSample } from './prometheus-text.js';

/** One scrape, by series identity (name plus every label). */
export type Snapshot = ReadonlyMap<string, MetricSample>;

/** Which metrics hold a target's requests: the gateway and model services use different names. */
export type RequestMetricNames = {
  /** Counter labelled route and status. */
  requests: string;
  /** Histogram (seconds) labelled route. */
  duration: string;
  /** Counter of failures the service itself reports (model services only). */
  errors?: string;
};

export const GATEWAY_METRICS: RequestMetricNames = {
  requests: 'podium_gateway_requests_total',
  duration: 'podium_gateway_request_duration_seconds',
};

export const MODEL_SERVICE_METRICS: RequestMetricNames = {
  requests: 'podium_model_requests_total',
  duration: 'podium_model_request_duration_seconds',
  errors: 'podium_model_errors_total',
};

/**
 * Traffic that is prediction work. /metrics and /health are counted by the same counter, and the
 * sampler's own scrapes would otherwise show up as throughput.
 */
export const PREDICTION_ROUTES: ReadonlySet<string> = new Set(['/predict', '/batch_predict']);

export type IntervalStats = {
  requests: number;
  /** Server errors: 5xx answers (the service failed). */
  errors: number;
  /** Client errors: 4xx answers (the request was refused; the caller's to fix). */
  clientErrors: number;
  /** Increase of the service's own error counter; null for targets without one. */
  modelErrors: number | null;
  /** Cumulative latency buckets of this interval's requests alone. */
  buckets: Bucket[];
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export function toSnapshot(samples: readonly MetricSample[]): Snapshot {
  return new Map(samples.map((sample) => [seriesKey(sample.name, sample.labels), sample]));
}

function seriesKey(name: string, labels: Record<string, string>, omit?: string): string {
  const parts = Object.keys(labels)
    .filter((label) => label !== omit)
    .sort()
    .map((label) => `${label}=${JSON.stringify(labels[label])}`);
  return `${name}{${parts.join(',')}}`;
}

/**
 * What happened between two scrapes of one target. Increases are taken per series and then
 * summed, with Prometheus's rule for resets: a counter that went down restarted from zero, so
 * its whole current value is the increase (a restarted service loses at most one interval).
 */
export function intervalStats(
  previous: Snapshot,
  current: Snapshot,
  names: RequestMetricNames,
  routes: ReadonlySet<string> = PREDICTION_ROUTES,
): IntervalStats {
  let requests = 0;
  let errors = 0;
  let clientErrors = 0;
  let modelErrors: number | null = null;
  for (const [key, sample] of current) {
    if (sample.name === names.requests && routes.has(sample.labels.route ?? '')) {
      const increase = counterIncrease(previous.get(key)?.value, sample.value);
      requests += increase;
      const status = sample.labels.status ?? '';
      if (status.startsWith('5')) errors += increase;
      else if (status.startsWith('4')) clientErrors += increase;
    } else if (names.errors && sample.name === names.errors) {
      modelErrors = (modelErrors ?? 0) + counterIncrease(previous.get(key)?.value, sample.value);
    }
  }
  if (names.errors && modelErrors === null) modelErrors = 0;
  const buckets = histogramIncrease(previous, current, names.duration, routes);
  return { requests, errors, clientErrors, modelErrors, buckets, ...latencyQuantiles(buckets) };
}

function counterIncrease(before: number | undefined, now: number): number {
  if (before === undefined || now < before) return now;
  return now - before;
}

/**
 * The histogram of the interval: per series (route), bucket by bucket, current minus previous;
 * then summed across the selected routes by bound. A series whose total went down was reset and
 * counts whole.
 */
function histogramIncrease(
  previous: Snapshot,
  current: Snapshot,
  base: string,
  routes: ReadonlySet<string>,
): Bucket[] {
  const bucketName = `${base}_bucket`;
  const groups = new Map<string, { key: string; sample: MetricSample }[]>();
  for (const [key, sample] of current) {
    if (sample.name !== bucketName || !routes.has(sample.labels.route ?? '')) continue;
    const group = seriesKey(base, sample.labels, 'le');
    const members = groups.get(group) ?? [];
    members.push({ key, sample });
    groups.set(group, members);
  }
  const byBound = new Map<number, number>();
  for (const members of groups.values()) {
    const reset = members.some(({ key, sample }) => {
      const before = previous.get(key)?.value;
      return before !== undefined && sample.value < before;
    });
    for (const { key, sample } of members) {
      const upperBound = Number(sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : sample.labels.le);
      if (Number.isNaN(upperBound)) continue;
      const increase = reset ? sample.value : counterIncrease(previous.get(key)?.value, sample.value);
      byBound.set(upperBound, (byBound.get(upperBound) ?? 0) + increase);
    }
  }
  return [...byBound]
    .map(([upperBound, count]) => ({ upperBound, count }))
    .sort((a, b) => a.upperBound - b.upperBound);
}
