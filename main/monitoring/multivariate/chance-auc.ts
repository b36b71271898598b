import { normalQuantile } from '../../common/statistics/index.js';

/**
 * How high a cross-validated AUC chance allows. Under no drift, reference and current rows are
 * exchangeable, so within a held-out fold the labels are a random assignment to the scores
 * (whatever the model learnt on the other folds): the fold's AUC is a Mann–Whitney statistic
 * with mean 1/2 and variance (n₁ + n₂ + 1) / (12 n₁ n₂), n₁ and n₂ the fold's rows of each side.
 * The folds' AUCs are not independent — each fold's rows train the other folds' models — and
 * their correlation has no unbiased estimate (Bengio & Grandvalet, 2004), so the bound takes the
 * worst case: the standard deviation of their mean is at most the mean of their standard
 * deviations. The threshold is 1/2 plus the one-sided normal quantile at `alpha` times that;
 * the real false-alarm rate is below `alpha` (far below when the folds are nearly
 * independent), so a flag means the sides really differ. Ties only shrink the variance.
 */
export const DOMAIN_CLASSIFIER_ALPHA = 0.01;

export function chanceAucThreshold(
  folds: readonly { positives: number; negatives: number }[],
  alpha = DOMAIN_CLASSIFIER_ALPHA,
): number {
  let sd = 0;
  for (const { positives: n1, negatives: n2 } of folds) sd += Math.sqrt((n1 + n2 + 1) / (12 * n1 * n2));
  return 0.5 + normalQuantile(1 - alpha) * (sd / folds.length);
}
