import { inferClasses, realisedMetrics } from '../../monitoring/performance/encoding.js';
import { estimatePerformance } from '../../monitoring/performance/index.js';
import { readTraffic, type TrafficSources } from '../../monitoring/performance/traffic.js';
import type { ModelVersion, VersionStore } from '../../registry/index.js';
import type { Task } from '../../training/types.js';
import type { MetricReading } from './guard-evaluation.js';

export type MetricReadingInput = {
  champion: ModelVersion;
  /** The primary metric of the model's task (lifecycle/metric-choice.ts). */
  metric: string;
  task: Task;
  from: Date;
  to: Date;
  minLabelled: number;
  minRequests: number;
};

/**
 * The baking champion's primary metric on live traffic since its promotion: realised from the
 * labels that came back when there are `minLabelled` of them, otherwise (classifiers) the CBPE
 * estimate from its own probabilities over at least `minRequests` answered requests. A regression's
 * primary metric (r2) has no label-free estimate, so with too few labels its guard gives no verdict.
 */
export function readPrimaryMetric(
  stores: Pick<TrafficSources, 'traffic'> & { versions: VersionStore },
  input: MetricReadingInput,
): MetricReading {
  const { champion, metric, task } = input;
  const evaluated = typeof champion.metrics[metric] === 'number' ? champion.metrics[metric] : null;
  const none = (observations: number, reason: string): MetricReading => ({
    metric,
    evaluated,
    observed: null,
    basis: null,
    observations,
    reason,
  });
  if (evaluated === null) return none(0, `v${champion.version} has no held-out ${metric} to compare with`);
  if (!(input.from.getTime() < input.to.getTime())) return none(0, 'the baking period has just begun');
  const rows = readTraffic(stores.traffic, {
    modelName: champion.modelName,
    versions: [champion.version],
    from: input.from.toISOString(),
    to: input.to.toISOString(),
  });
  const classes = task === 'number' ? [] : inferClasses(rows);
  const realised = realisedMetrics(task, classes, rows);
  const observed = realised.metrics[metric];
  if (realised.labelled >= input.minLabelled && observed !== undefined) {
    return {
      metric,
      evaluated,
      observed,
      basis: 'realised',
      observations: realised.labelled,
      reason: `${metric} realised on ${realised.labelled} labelled requests`,
    };
  }
  const labels = `${realised.labelled} labelled request(s), ${input.minLabelled} needed to realise ${metric}`;
  if (task === 'number') {
    // Direct Loss Estimation estimates MAE and RMSE, not r2 (the regression's primary metric,
    // which also needs the target's variance on the new traffic): without labels, no verdict.
    // `podium monitor` shows the DLE estimates of the same traffic beside it.
    return none(
      realised.labelled,
      `${labels}; r2 cannot be estimated without labels (podium monitor shows the estimated MAE and RMSE)`,
    );
  }
  if (rows.length < input.minRequests)
    return none(
      rows.length,
      `${labels}; too little traffic to estimate it either (${rows.length} answered, ${input.minRequests} needed)`,
    );
  const estimate = estimatePerformance(stores, {
    modelName: champion.modelName,
    versions: [champion.version],
    window: 'hour',
    from: input.from,
    to: input.to,
    classes,
    // As few labels as there are calibrate or not; the guard asks for requests, not labels.
    minWindowRows: input.minRequests,
  });
  // Hour windows of the span, weighted by their requests: one estimate for the whole bake.
  let weighted = 0;
  let requests = 0;
  for (const window of estimate.versions[0]?.windows ?? []) {
    const value = window.metrics[metric]?.estimated;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    weighted += value * window.requests;
    requests += window.requests;
  }
  if (requests === 0)
    return none(rows.length, `${labels}; CBPE gives no estimate of ${metric} for this model`);
  return {
    metric,
    evaluated,
    observed: weighted / requests,
    basis: 'cbpe',
    observations: requests,
    reason: `${labels}; ${metric} estimated by CBPE over ${requests} requests`,
  };
}
