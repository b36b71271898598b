import type { ShadowSeriesPoint } from '../contract/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { ShadowTestRecord } from './shadow-test-store.js';
import type { ShadowTestService } from './shadow-tests.js';

/** Enough points for a readable chart; each is one report, so the count bounds the work. */
const MAX_POINTS = 24;

/**
 * The shadow test over time: the report as it stood after each of up to 24 moments spread over
 * the mirrored pairs (by count, so bursts of replayed traffic are not squashed into one point).
 * Each point is cumulative from the test's start, like the always-valid interval itself.
 */
export function shadowSeries(
  traffic: TrafficStore,
  shadow: Pick<ShadowTestService, 'report'>,
  test: ShadowTestRecord,
): ShadowSeriesPoint[] {
  const since = test.startedAt ?? test.createdAt;
  const times = traffic.mirroredPairTimes({
    modelName: test.modelName,
    championVersion: test.championVersion,
    challengerVersion: test.challengerVersion,
    since,
    until: test.endedAt,
  });
  if (times.length === 0) return [];
  const cuts = new Set<string>();
  for (let i = 1; i <= MAX_POINTS; i++) {
    cuts.add(times[Math.min(times.length - 1, Math.ceil((i * times.length) / MAX_POINTS) - 1)]);
  }
  return [...cuts].sort().map((until) => {
    const report = shadow.report(test, { until });
    return {
      at: until,
      mirroredRequests: report.mirroredRequests,
      labelledPairs: report.labelledPairs,
      meanDifference: report.meanDifference,
      lower: report.interval?.lower ?? null,
      upper: report.interval?.upper ?? null,
      agreementRate: report.agreementRate,
      latencyMsP50: report.latencyMsP50,
    };
  });
}
