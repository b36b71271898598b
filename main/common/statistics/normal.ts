/**
 * The standard normal distribution: CDF, upper tail and quantile, to double precision.
 * Hand-written because the shadow-test statistics must run in plain Node with no numeric library.
 */
import { regularizedGammaQ } from './special-functions.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Lower tail Φ(−|x|) through the incomplete gamma function: Φ(−z) = ½·Q(½, z²/2) for z ≥ 0
 * (Abramowitz & Stegun 26.2.30 with 6.5.17). Q comes from the power series of P = 1 − Q when
 * z²/2 < 3/2 and from the Legendre continued fraction otherwise (Numerical Recipes, 2nd ed., §6.2,
 * `gser` and `gcf` with the modified Lentz method), which keeps full relative precision in the
 * deep tails the p-values and the mixture boundaries live in.
 */
function lowerTailOfAbs(x: number): number {
  const z = Math.abs(x);
  if (z > 38.6) return 0;
  const t = 0.5 * z * z;
  if (t === 0) return 0.5;
  return 0.5 * regularizedGammaQ(0.5, t);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const tail = lowerTailOfAbs(x);
  return x > 0 ? 1 - tail : tail;
}

/** 1 − Φ(x) = P(Z > x), computed without cancellation for large x. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

// Acklam's rational approximation (P. J. Acklam, "An algorithm for computing the inverse normal
// cumulative distribution function", 2003): relative error 1.15e-9, refined below to full precision.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p in (0, 1): Acklam's approximation plus one Halley step on Φ (Acklam's own refinement). */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  // Halley's step: the error in the tail that contains p, so both tails keep relative accuracy.
  const error = x < 0 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = error * SQRT_2PI * Math.exp(0.5 * x * x);
  return Number.isFinite(u) ? x - u / (1 + 0.5 * x * u) : x;
}
