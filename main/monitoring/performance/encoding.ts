import { classIndexer } from '../../common/class-labels.js';
import { PodiumError } from '../../contract/errors.js';
import { computeMetrics } from '../../training/index.js';
import type { Task } from '../../training/types.js';
import type { LoggedPrediction } from './traffic.js';

/**
 * Class order as training fixes it (features' `compareLabels`, binary levels alike): numerically
 * when both labels are numbers, else by code point. Restated here because the log only carries
 * labels, and index 1 must be the class whose probability `computeMetrics` reads as positive.
 */
function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The model's classes in training order, from the labels its answers name (every answer of a
 * classifier lists the probability of each class). Versions of one model share one order, so
 * their metrics mean the same thing.
 */
export function inferClasses(rows: readonly LoggedPrediction[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.probabilities) for (const label of Object.keys(row.probabilities)) seen.add(label);
    else if (row.prediction !== null && row.prediction !== undefined) seen.add(String(row.prediction));
  }
  return [...seen].sort(compareLabels);
}

/**
 * A classifier's probabilities in class order. An answer without probabilities counts as
 * certain of its predicted class, the only reading its label allows.
 */
export function classProbabilities(
  row: LoggedPrediction,
  classes: readonly string[],
  indexOf: (label: unknown) => number,
): Float64Array {
  const out = new Float64Array(classes.length);
  if (row.probabilities) {
    for (let c = 0; c < classes.length; c++) out[c] = row.probabilities[classes[c]] ?? 0;
  } else {
    const predicted = indexOf(row.prediction);
    if (predicted >= 0) out[predicted] = 1;
  }
  return out;
}

/** Inputs for `computeMetrics` from the labelled rows whose label the model can be scored on. */
export type MetricInputs = { actual: Float64Array; output: Float64Array; labelled: number };

export function metricInputs(
  task: Task,
  classes: readonly string[],
  rows: readonly LoggedPrediction[],
): MetricInputs {
  if (task === 'binary' && classes.length > 2) {
    throw new PodiumError(
      'DATA_INVALID',
      `The binary model's answers name ${classes.length} classes (${classes.slice(0, 5).join(', ')}…)`,
      { classes: classes.slice(0, 20) },
    );
  }
  const actual: number[] = [];
  const output: number[] = [];
  if (task === 'number') {
    for (const row of rows) {
      if (!row.labelled) continue;
      const truth = Number(row.actual);
      const predicted = Number(row.prediction);
      if (!Number.isFinite(truth) || !Number.isFinite(predicted)) continue;
      actual.push(truth);
      output.push(predicted);
    }
    return { actual: Float64Array.from(actual), output: Float64Array.from(output), labelled: actual.length };
  }
  const indexOf = classIndexer(classes);
  for (const row of rows) {
    if (!row.labelled) continue;
    const label = indexOf(row.actual);
    // computeMetrics leaves unknown labels out; dropping them here keeps `labelled` honest.
    if (label < 0) continue;
    const probabilities = classProbabilities(row, classes, indexOf);
    actual.push(label);
    if (task === 'binary') output.push(probabilities[1] ?? 0);
    else for (const p of probabilities) output.push(p);
  }
  return { actual: Float64Array.from(actual), output: Float64Array.from(output), labelled: actual.length };
}

/**
 * The metrics the labelled rows realised, by the same definitions as the held-out metrics in
 * the registry. `loss` is left out: it repeats log_loss or mse under a search-friendly name.
 */
export function realisedMetrics(
  task: Task,
  classes: readonly string[],
  rows: readonly LoggedPrediction[],
): { labelled: number; metrics: Record<string, number> } {
  const inputs = metricInputs(task, classes, rows);
  if (inputs.labelled === 0 || (task !== 'number' && classes.length < 2)) {
    return { labelled: inputs.labelled, metrics: {} };
  }
  const { loss: _duplicate, ...metrics } = computeMetrics(
    task,
    inputs.actual,
    inputs.output,
    task === 'category' ? classes : undefined,
  ).values;
  return { labelled: inputs.labelled, metrics };
}
