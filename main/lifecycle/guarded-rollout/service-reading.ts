import type { ServiceMetricsStore } from '../../monitoring/service-metrics/index.js';
import type { ServiceReading } from './guard-evaluation.js';

/**
 * What callers saw of the model between two moments, from the gateway's sampled metrics: the
 * gateway is where a dead or failing champion shows as 5xx (a killed service answers nothing
 * itself), and during baking the champion is the version being baked. Null when nothing was
 * sampled in the span (no `podium serve` running, or not yet scraped).
 */
export function gatewayReading(
  metrics: Pick<ServiceMetricsStore, 'totals'>,
  modelName: string,
  from: Date,
  to: Date,
): ServiceReading | null {
  if (!(from.getTime() < to.getTime())) return null;
  const totals = metrics.totals(modelName, 'gateway', from, to);
  if (totals === null || totals.requests === null) return null;
  return {
    requests: totals.requests,
    errors: totals.errors ?? 0,
    p99Ms: totals.p99Seconds === null ? null : totals.p99Seconds * 1000,
  };
}
