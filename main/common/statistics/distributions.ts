import { incompleteBeta } from './special-functions.js';

/**
 * Student-t and binomial distribution functions through the regularized incomplete beta function
 * (Abramowitz & Stegun 26.5.27 and 26.7.1; Numerical Recipes §6.4), so tails keep relative accuracy.
 */

/** P(T > t) for Student's t with `df` degrees of freedom (df may be fractional). */
export function studentTSf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  // A&S 26.7.1: P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2); each tail is half of it by symmetry.
  const x = df / (df + t * t);
  const twoTail = incompleteBeta(x, df / 2, 0.5).lower;
  return t > 0 ? 0.5 * twoTail : 1 - 0.5 * twoTail;
}

/** P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

function checkBinomial(n: number, p: number): boolean {
  return Number.isInteger(n) && n >= 0 && p >= 0 && p <= 1;
}

/** P(X ≤ k) for X ~ Binomial(n, p): I_{1−p}(n − k, k + 1) (A&S 26.5.24). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!checkBinomial(n, p) || Number.isNaN(k)) return Number.NaN;
  const j = Math.floor(k);
  if (j < 0) return 0;
  if (j >= n) return 1;
  return incompleteBeta(p, j + 1, n - j).upper;
}

/** P(X ≥ k) for X ~ Binomial(n, p): I_p(k, n − k + 1), without the cancellation of 1 − cdf. */
export function binomialSfInclusive(k: number, n: number, p: number): number {
  if (!checkBinomial(n, p) || Number.isNaN(k)) return Number.NaN;
  const j = Math.ceil(k);
  if (j <= 0) return 1;
  if (j > n) return 0;
  return incompleteBeta(p, j, n - j + 1).lower;
}
