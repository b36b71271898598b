import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import type { OperationOutput } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import type { AlertService } from './alerts/index.js';
import type { CycleCheckStores } from './cycle-checks.js';
import { estimateFile } from './estimate-file.js';

type MetricEstimate = OperationOutput<'performance.estimate'>['metrics'][number];

/**
 * A label-free estimate on data like the reference still differs from the held-out value by a
 * few percent (within 10% in the estimator's tests), so no smaller fall is called one.
 */
const ESTIMATE_NOISE = 0.1;

/** Error metrics rise when a model gets worse; the others (accuracy, F1) fall. */
const LOWER_IS_BETTER = new Set(['mae', 'rmse', 'mse', 'mape']);

/** How much worse the estimate is than the held-out value, as a share of it (negative: better). */
export function estimatedFall(metric: MetricEstimate): number | null {
  if (metric.reference === null || metric.reference === 0) return null;
  const change = (metric.estimated - metric.reference) / Math.abs(metric.reference);
  return LOWER_IS_BETTER.has(metric.metric) ? change : -change;
}

/**
 * A scheduled check of new data: the champion's performance on it estimated without labels,
 * and an alert when the estimate falls beyond `monitoring.performance_drop_threshold` (at least
 * 10%, the estimate's own noise) against the held-out value, so a fall shows before the labels do. Never fails the cycle: an estimate that
 * cannot be made says why in the cycle's summary.
 */
export async function estimateNewData(input: {
  workspace: Workspace;
  stores: CycleCheckStores;
  alerts: AlertService | null;
  modelName: string;
  file: string;
  dialect?: CsvDialectOptions;
}): Promise<string> {
  const { workspace, modelName, file } = input;
  let estimate: OperationOutput<'performance.estimate'>;
  try {
    estimate = await estimateFile(workspace, input.stores, {
      modelName,
      file,
      dialect: input.dialect,
      attribution: false,
    });
  } catch (error) {
    workspace.logger.warn({ err: error, model: modelName, file }, 'label-free estimate of new data failed');
    return `No label-free estimate of ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const champion = estimate.metrics.filter((metric) => metric.role === 'champion');
  const threshold = Math.max(workspace.config.monitoring.performance_drop_threshold, ESTIMATE_NOISE);
  const worst = champion
    .map((metric) => ({ metric, fall: estimatedFall(metric) }))
    .filter((entry): entry is { metric: MetricEstimate; fall: number } => entry.fall !== null)
    .sort((a, b) => b.fall - a.fall)[0];
  const figures = champion
    .map(
      (metric) =>
        `${metric.metric} ${metric.estimated.toPrecision(4)}${metric.reference === null ? '' : ` (held-out ${metric.reference.toPrecision(4)})`}`,
    )
    .join(', ');
  const method = champion[0]?.method === 'dle' ? 'Direct Loss Estimation' : 'CBPE';
  const line = `Estimated without labels (${method}) on ${estimate.rows} rows: ${figures}.`;
  if (!worst || worst.fall <= threshold) return line;
  const { metric } = worst;
  input.alerts?.raise({
    rule: 'performance_drop',
    modelName,
    dedupKey: `estimated_performance_drop:${modelName}:v${metric.version}:${file}`,
    title: `${modelName} v${metric.version}: estimated ${metric.metric} ${(worst.fall * 100).toFixed(1)}% worse on new data`,
    message: `${line} The estimate is ${(worst.fall * 100).toFixed(1)}% worse than the held-out value (threshold ${(threshold * 100).toFixed(0)}%); labels will confirm or clear it.`,
    evidence: {
      metric: metric.metric,
      baseline: metric.reference ?? Number.NaN,
      current: metric.estimated,
      version: metric.version,
      window: file,
      details: { labelled: 0, threshold, method: metric.method, rows: estimate.rows },
    },
  });
  return `${line} Alert: estimated ${metric.metric} ${(worst.fall * 100).toFixed(1)}% worse than held-out.`;
}
