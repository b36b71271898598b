import type { NumericReference } from './reference.js';

/**
 * The reference CDF as a piecewise-linear function through the points (x_j, p_j), both
 * non-decreasing; equal consecutive x are a vertical jump (an atom). Two readings of a stored
 * reference fit this one shape:
 * - exact values v₁ ≤ … ≤ v_n: the empirical step CDF, points (v_k, (k−1)/n) and (v_k, k/n);
 * - the quantile sketch q_i at i/1000: points (q_i, i/1000), i.e. the distribution that is
 *   uniform between consecutive sketch quantiles. The true reference CDF lies within 1/1000 of it
 *   everywhere, which bounds the error of the KS statistic by 0.001.
 */
export type ReferenceCdf = { xs: Float64Array; ps: Float64Array };

export function referenceCdf(reference: NumericReference): ReferenceCdf {
  const values = reference.values;
  if (values !== undefined) {
    const n = values.length;
    const xs = new Float64Array(2 * n);
    const ps = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      xs[2 * k] = values[k];
      xs[2 * k + 1] = values[k];
      ps[2 * k] = k / n;
      ps[2 * k + 1] = (k + 1) / n;
    }
    return { xs, ps };
  }
  const steps = reference.quantiles.length - 1;
  const xs = Float64Array.from(reference.quantiles);
  const ps = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) ps[i] = i / steps;
  return { xs, ps };
}

export type CdfComparison = {
  /** sup |F_current − F_reference|. */
  ks: number;
  /** W₁ = ∫ |F_current(x) − F_reference(x)| dx, in the feature's units. */
  wasserstein: number;
};

/**
 * KS statistic and Wasserstein-1 distance between a sorted current sample and the reference CDF,
 * in one merge pass over the union of breakpoints (current values and reference points). Between
 * two consecutive breakpoints the current ECDF is constant and the reference CDF linear, so
 * - the supremum of |F_cur − F_ref| there is reached at one of the two ends (both functions are
 *   monotone), and D = max over breakpoints t of |F_cur(t) − F_ref(t)| and |F_cur(t⁻) − F_ref(t⁻)|;
 * - the W₁ area there is the integral of |c − linear|, done in closed form (split at the crossing).
 * Cost O(m + reference points); the sort of the current sample is the caller's.
 */
export function compareWithReference(current: Float64Array, cdf: ReferenceCdf): CdfComparison {
  const { xs, ps } = cdf;
  const m = current.length;
  const k = xs.length;
  let i = 0; // current values < t consumed
  let j = 0; // reference points < t consumed
  let ks = 0;
  let area = 0;
  let previousT = 0;
  let previousCur = 0;
  let previousRef = 0;
  let started = false;
  while (i < m || j < k) {
    const t = i < m && (j >= k || current[i] <= xs[j]) ? current[i] : xs[j];
    // Left limits at t: the current ECDF counts values < t; the reference is read off the segment
    // that ends at t (or is 0 / 1 outside its support).
    const curBefore = i / m;
    let refBefore: number;
    if (j < k && xs[j] === t) refBefore = ps[j];
    else if (j === 0) refBefore = 0;
    else if (j >= k) refBefore = 1;
    else refBefore = ps[j - 1] + ((t - xs[j - 1]) / (xs[j] - xs[j - 1])) * (ps[j] - ps[j - 1]);
    while (i < m && current[i] === t) i++;
    while (j < k && xs[j] === t) j++;
    const curAt = i / m;
    const refAt = j > 0 && xs[j - 1] === t ? ps[j - 1] : refBefore;
    if (started) area += segmentArea(t - previousT, previousCur, previousRef, refBefore);
    ks = Math.max(ks, Math.abs(curBefore - refBefore), Math.abs(curAt - refAt));
    started = true;
    previousT = t;
    previousCur = curAt;
    previousRef = refAt;
  }
  return { ks: Math.min(ks, 1), wasserstein: area };
}

/** ∫ over an interval of length `width` of |c − f|, f linear from a to b. */
function segmentArea(width: number, c: number, a: number, b: number): number {
  const g0 = a - c;
  const g1 = b - c;
  if (g0 * g1 >= 0) return (width * Math.abs(g0 + g1)) / 2;
  // The line crosses c at the fraction |g0| / (|g0| + |g1|): two triangles.
  return (width * (g0 * g0 + g1 * g1)) / (2 * (Math.abs(g0) + Math.abs(g1)));
}
