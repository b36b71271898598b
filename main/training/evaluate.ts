import { type EncodedRows, type Preprocessing, unscaleTarget } from '../features/index.js';
import { computeMetrics } from './metrics.js';
import type { FittedModel, MetricSet } from './types.js';

/**
 * Scores a model on encoded rows in the target's own terms: class indices against
 * probabilities, or numbers un-scaled back to the original units. Rows without a target are
 * the caller's to drop; the metrics skip unknown classes.
 */
export async function scoreEncoded(
  pre: Preprocessing,
  model: FittedModel,
  encoded: EncodedRows,
): Promise<MetricSet> {
  if (!encoded.y || encoded.x.rows === 0) return { values: {} };
  const raw = await model.predictRaw(encoded.x);
  const target = pre.target;
  if (target.task === 'number') {
    return computeMetrics('number', unscaleTarget(pre, encoded.y.values), unscaleTarget(pre, raw));
  }
  return computeMetrics(target.task, encoded.y.values, raw, target.classes);
}
