/**
 * Confidence-based performance estimation (CBPE), after NannyML: with calibrated probabilities
 * each row's outcome is a known coin flip, so the confusion matrix, and every metric built from
 * it, has an expected value that needs no label. As in NannyML, a ratio metric (precision,
 * recall, F1, ROC AUC) is estimated as the ratio of the expected counts, which is the metric's
 * expectation up to O(1/n).
 */

/** Expected metrics of a binary classifier. */
export type ExpectedBinaryMetrics = {
  accuracy: number;
  /** Standard deviation of the realised accuracy around `accuracy` if the calibration holds. */
  accuracy_standard_error: number;
  precision: number;
  recall?: number;
  f1_score: number;
  roc_auc?: number;
};

/**
 * `scores`: the model's own P(class 1), which decides its prediction (≥ 0.5, as the model
 * service and computeMetrics do) and its ranking for ROC AUC; `calibrated`: P(class 1) after
 * calibration, the chance the row's label is 1.
 */
export function expectedBinaryMetrics(
  scores: ArrayLike<number>,
  calibrated: ArrayLike<number>,
): ExpectedBinaryMetrics {
  const n = scores.length;
  let correct = 0;
  let variance = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const p = calibrated[i];
    const predictedPositive = scores[i] >= 0.5;
    const q = predictedPositive ? p : 1 - p;
    correct += q;
    variance += q * (1 - q);
    if (predictedPositive) {
      tp += p;
      fp += 1 - p;
    } else fn += p;
  }
  const metrics: ExpectedBinaryMetrics = {
    accuracy: correct / n,
    accuracy_standard_error: Math.sqrt(variance) / n,
    // computeMetrics scores no predicted positives as precision 0 (zero_division=0); so here.
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    f1_score: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
  };
  if (tp + fn > 0) metrics.recall = tp / (tp + fn);
  const auc = expectedRocAuc(scores, calibrated);
  if (auc !== undefined) metrics.roc_auc = auc;
  return metrics;
}

/**
 * Expected ROC AUC: E[correctly ordered positive–negative pairs] / E[positive–negative pairs],
 * ranking rows by the model's own score (as the realised AUC does), a tie counting one half.
 * NannyML integrates the expected ROC curve, which also counts a row paired with itself; the
 * pair sums here leave those out, so a small window is not biased towards 0.5.
 */
export function expectedRocAuc(scores: ArrayLike<number>, calibrated: ArrayLike<number>): number | undefined {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let negativesBelow = 0;
  let ordered = 0;
  let positives = 0;
  let negatives = 0;
  let selfPairs = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    let groupPositives = 0;
    let groupNegatives = 0;
    let groupSelf = 0;
    for (let k = start; k <= end; k++) {
      const p = calibrated[order[k]];
      groupPositives += p;
      groupNegatives += 1 - p;
      groupSelf += p * (1 - p);
    }
    ordered += groupPositives * negativesBelow + 0.5 * (groupPositives * groupNegatives - groupSelf);
    negativesBelow += groupNegatives;
    positives += groupPositives;
    negatives += groupNegatives;
    selfPairs += groupSelf;
    start = end + 1;
  }
  const pairs = positives * negatives - selfPairs;
  if (!(pairs > 1e-12)) return undefined;
  return ordered / pairs;
}

/**
 * Expected accuracy from each row's calibrated chance of being right (multiclass: the
 * calibrated confidence of the predicted class), with its standard error.
 */
export function expectedAccuracy(chanceRight: ArrayLike<number>): {
  accuracy: number;
  standard_error: number;
} {
  const n = chanceRight.length;
  let correct = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    correct += chanceRight[i];
    variance += chanceRight[i] * (1 - chanceRight[i]);
  }
  return { accuracy: correct / n, standard_error: Math.sqrt(variance) / n };
}
