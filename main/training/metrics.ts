import type { MetricSet, Task } from './types.js';

/**
 * Evaluation metrics with the names Podium's config and lifecycle use.
 *
 * Conventions (the same as scikit-learn's unless noted):
 * - binary: `output` holds P(class 1); a row is predicted 1 when P ≥ 0.5. precision, recall and
 *   f1_score are for the positive class, index 1 (the second label in sorted order).
 * - category: `output` holds rows × classes probabilities; the prediction is the arg-max (first on
 *   ties). precision, recall and f1_score are macro averages over the classes that occur in the
 *   actuals or the predictions; a class with no predictions has precision 0 (zero_division=0).
 *   roc_auc is one-vs-rest, macro-averaged over classes with both positives and negatives.
 * - log_loss clips probabilities to [1e-15, 1 - 1e-15].
 * - Rows whose actual is not a known class (negative or NaN, e.g. a label first seen after
 *   training) are left out of every classification metric.
 * - number: mape is a fraction (0.05 = 5 %) and skips rows whose actual is 0, where it is
 *   undefined; it is absent when every actual is 0. r2 is absent when the actuals are constant.
 * - `loss` is log_loss for classification and mse for number (in the target's own units), so a
 *   hyperparameter search can name one metric for any task.
 * A metric that is undefined for the data (roc_auc with one class present) is absent, not NaN.
 */
export const METRIC_DIRECTION: Record<string, 'higher' | 'lower'> = {
  accuracy: 'higher',
  precision: 'higher',
  recall: 'higher',
  f1_score: 'higher',
  roc_auc: 'higher',
  r2: 'higher',
  log_loss: 'lower',
  loss: 'lower',
  mse: 'lower',
  rmse: 'lower',
  mae: 'lower',
  mape: 'lower',
};

const CLASSIFICATION_METRICS = ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc', 'log_loss', 'loss'];
const REGRESSION_METRICS = ['r2', 'rmse', 'mae', 'mape', 'mse', 'loss'];

/** The metric names `computeMetrics` can return for a task. */
export function metricNamesFor(task: Task): string[] {
  return task === 'number' ? [...REGRESSION_METRICS] : [...CLASSIFICATION_METRICS];
}

const EPSILON = 1e-15;

export function computeMetrics(
  task: Task,
  actual: ArrayLike<number>,
  output: ArrayLike<number>,
  classes?: readonly string[],
): MetricSet {
  if (task === 'number') return { values: regressionMetrics(actual, output) };
  if (task === 'binary') return binaryMetrics(actual, output);
  const classCount = classes?.length ?? (actual.length === 0 ? 0 : Math.round(output.length / actual.length));
  return categoryMetrics(actual, output, classCount);
}

function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): Record<string, number> {
  const n = actual.length;
  if (n === 0) return {};
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  let percentage = 0;
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const error = actual[i] - predicted[i];
    squared += error * error;
    absolute += Math.abs(error);
    total += (actual[i] - mean) ** 2;
    if (actual[i] !== 0) {
      percentage += Math.abs(error / actual[i]);
      nonZero++;
    }
  }
  const values: Record<string, number> = {
    mse: squared / n,
    loss: squared / n,
    rmse: Math.sqrt(squared / n),
    mae: absolute / n,
  };
  if (total > 0) values.r2 = 1 - squared / total;
  if (nonZero > 0) values.mape = percentage / nonZero;
  return values;
}

function binaryMetrics(actual: ArrayLike<number>, probability: ArrayLike<number>): MetricSet {
  const confusion = [
    [0, 0],
    [0, 0],
  ];
  const labels: number[] = [];
  const scores: number[] = [];
  let logLoss = 0;
  for (let i = 0; i < actual.length; i++) {
    const label = actual[i];
    if (label !== 0 && label !== 1) continue;
    const p = probability[i];
    confusion[label][p >= 0.5 ? 1 : 0]++;
    labels.push(label);
    scores.push(p);
    const clipped = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    logLoss -= label === 1 ? Math.log(clipped) : Math.log(1 - clipped);
  }
  const n = labels.length;
  if (n === 0) return { values: {}, confusion_matrix: confusion };
  const [[tn, fp], [fn, tp]] = confusion;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const values: Record<string, number> = {
    accuracy: (tp + tn) / n,
    precision,
    recall,
    f1_score: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    log_loss: logLoss / n,
    loss: logLoss / n,
  };
  const auc = rocAuc(labels, scores);
  if (auc !== undefined) values.roc_auc = auc;
  return { values, confusion_matrix: confusion };
}

function categoryMetrics(actual: ArrayLike<number>, probabilities: ArrayLike<number>, k: number): MetricSet {
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const kept: number[] = [];
  let logLoss = 0;
  for (let i = 0; i < actual.length; i++) {
    const label = actual[i];
    if (!(label >= 0 && label < k && Number.isInteger(label))) continue;
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    confusion[label][best]++;
    kept.push(i);
    const p = Math.min(Math.max(probabilities[i * k + label], EPSILON), 1 - EPSILON);
    logLoss -= Math.log(p);
  }
  const n = kept.length;
  if (n === 0) return { values: {}, confusion_matrix: confusion };

  let correct = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    correct += confusion[c][c];
    let actualCount = 0;
    let predictedCount = 0;
    for (let other = 0; other < k; other++) {
      actualCount += confusion[c][other];
      predictedCount += confusion[other][c];
    }
    if (actualCount === 0 && predictedCount === 0) continue;
    present++;
    const precision = predictedCount === 0 ? 0 : confusion[c][c] / predictedCount;
    const recall = actualCount === 0 ? 0 : confusion[c][c] / actualCount;
    precisionSum += precision;
    recallSum += recall;
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }

  let aucSum = 0;
  let aucCount = 0;
  for (let c = 0; c < k; c++) {
    const labels = kept.map((i) => (actual[i] === c ? 1 : 0));
    const scores = kept.map((i) => probabilities[i * k + c]);
    const auc = rocAuc(labels, scores);
    if (auc !== undefined) {
      aucSum += auc;
      aucCount++;
    }
  }

  const values: Record<string, number> = {
    accuracy: correct / n,
    precision: precisionSum / present,
    recall: recallSum / present,
    f1_score: f1Sum / present,
    log_loss: logLoss / n,
    loss: logLoss / n,
  };
  if (aucCount > 0) values.roc_auc = aucSum / aucCount;
  return { values, confusion_matrix: confusion };
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: tied scores share their average
 * rank, which counts a positive–negative tie as half a correct ordering.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | undefined {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) {
      if (labels[order[i]] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
