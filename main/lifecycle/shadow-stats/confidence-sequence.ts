import { normalCdf, normalPdf } from '../../common/statistics/normal.js';
import { usage } from './usage.js';

/**
 * Confidence sequences (CS) for the mean μ of the paired differences d: intervals that cover μ at
 * every sample size simultaneously, P(∀n: μ ∈ CS_n) ≥ 1 − α, so the analyst may look after every
 * pair and stop whenever they like without inflating the error rate.
 *
 * Construction: the normal-mixture boundary of Howard, Ramdas, McAuliffe & Sekhon (2021), "Time-
 * uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49(2), §3.2 and eq.
 * (14), applied to the standardized sum S_n / σ̂_n with intrinsic time V_n = n. Plugging in the
 * running standard deviation σ̂_n makes it the asymptotic CS of Waudby-Smith, Arbour, Sinha,
 * Kennedy & Ramdas (2021), "Time-uniform central limit theory and asymptotic confidence
 * sequences", Theorem 2.2 (arXiv:2103.06476): coverage tends to 1 − α for any i.i.d. d with
 * finite variance. The boundary is valid from n = 1, so the burn-in `minSamples` adds slack.
 *
 * Two-sided (normal mixing, λ ~ N(0, 1/ρ)): M_n = √(ρ/(n+ρ)) exp(S²/(2(n+ρ))); Ville's inequality
 * on M ≥ 1/α gives |S_n| < √((n+ρ) log((n+ρ)/(ρα²))) for all n with probability ≥ 1 − α
 * (Howard et al. eq. (14); Waudby-Smith et al. eq. (5) with their ρ² = 1/ρ here).
 *
 * One-sided: mixing only over λ ≥ 0 with a half-normal density 2√(ρ/2π) e^{−ρλ²/2} gives the
 * closed form M⁺_n(S) = 2√(ρ/(n+ρ)) exp(S²/(2(n+ρ))) Φ(S/√(n+ρ)) (complete the square), a
 * non-negative supermartingale whose crossing of 1/α bounds one side alone at level α. Writing
 * z = S/√(n+ρ), the boundary solves z²/2 + log Φ(z) = log(1/α) − log 2 + ½ log((n+ρ)/ρ). (Using the
 * two-sided boundary at 2α for one side, as is sometimes done, is slightly anti-conservative.)
 */

export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 0.5)) throw usage('alpha must be in (0, 0.5)', { alpha });
}

/**
 * The mixture precision ρ (in units of pairs) that makes the boundary tightest near n* pairs:
 * Howard et al. (2021), eq. (17)'s approximate optimum ρ = n* / (2 log(1/α) + log(1 + 2 log(1/α))),
 * with α replaced by 2α for one side (the one-sided boundary is the two-sided one at 2α up to the
 * factor Φ(z) ≈ 1). Any ρ > 0 keeps the guarantee; ρ only moves where the width is smallest.
 */
export function mixtureRho(nStar: number, alpha: number, sides: 1 | 2): number {
  if (nStar === lastRho.nStar && alpha === lastRho.alpha && sides === lastRho.sides) return lastRho.rho;
  if (!(nStar > 0) || !Number.isFinite(nStar))
    throw usage('nStar must be a positive number of pairs', { nStar });
  checkAlpha(alpha);
  const l = Math.log(1 / (sides === 1 ? 2 * alpha : alpha));
  const rho = nStar / (2 * l + Math.log(1 + 2 * l));
  lastRho = { nStar, alpha, sides, rho };
  return rho;
}

// The verdict asks for the same ρ after every pair; remembering the last one saves two logarithms.
let lastRho = { nStar: Number.NaN, alpha: Number.NaN, sides: 1, rho: Number.NaN };

/** Solves z²/2 + log Φ(z) = k by Newton's method; the left side increases in z, and k > 0 here. */
function solveHalfNormalMixture(k: number): number {
  let z = Math.sqrt(2 * k);
  for (let i = 0; i < 50; i++) {
    const cdf = normalCdf(z);
    const g = 0.5 * z * z + Math.log(cdf) - k;
    const step = g / (z + normalPdf(z) / cdf);
    z -= step;
    if (Math.abs(step) < 1e-13 * (1 + z)) break;
  }
  return z;
}

/** z_n of the one-sided boundary: S_n/σ ≥ z_n √(n+ρ) happens for some n with probability ≤ α. */
export function oneSidedMixtureZ(n: number, rho: number, alpha: number): number {
  return solveHalfNormalMixture(Math.log(1 / alpha) - Math.LN2 + 0.5 * Math.log((n + rho) / rho));
}

// The shadow test asks for the same boundary after every pair with a fixed (α, ρ), so z_n is
// memoized in a table indexed by n. Results are identical with or without the table.
let tableAlpha = Number.NaN;
let tableRho = Number.NaN;
let table = new Float64Array(0);

function tabulatedZ(n: number, rho: number, alpha: number): number {
  if (!Number.isInteger(n) || n > 1_000_000) return oneSidedMixtureZ(n, rho, alpha);
  if (alpha !== tableAlpha || rho !== tableRho) {
    tableAlpha = alpha;
    tableRho = rho;
    table = new Float64Array(0);
  }
  if (n >= table.length) {
    const grown = new Float64Array(Math.max(1024, 2 * table.length, n + 1));
    grown.set(table);
    for (let i = table.length; i < grown.length; i++) grown[i] = oneSidedMixtureZ(i, rho, alpha);
    table = grown;
  }
  return table[n];
}

/** Half-width, in units of σ, of the one-sided level-α bound on the mean after n pairs. */
export function oneSidedRadius(n: number, rho: number, alpha: number): number {
  return (tabulatedZ(n, rho, alpha) * Math.sqrt(n + rho)) / n;
}

/** Half-width, in units of σ, of the two-sided level-(1 − α) interval on the mean after n pairs. */
export function twoSidedRadius(n: number, rho: number, alpha: number): number {
  return Math.sqrt((n + rho) * Math.log((n + rho) / (rho * alpha * alpha))) / n;
}

export type StreamSummary = {
  /** Pairs observed. */
  n: number;
  /** Σ d. */
  sum: number;
  /** Σ d². */
  sumSquares: number;
};

export type ConfidenceSequenceInput = StreamSummary & {
  /** Error rate of each one-sided bound, and of the two-sided interval as a whole. Default 0.05. */
  alpha?: number;
  /** The number of pairs at which the boundary should be tightest (e.g. the planned pairs). */
  nStar: number;
  /** Lower limit on the plug-in variance (e.g. 1/n for d ∈ [−1, 1], so all-ties streams stay open). */
  varianceFloor?: number;
};

export type ConfidenceSequence = {
  n: number;
  mean: number;
  /** The plug-in standard deviation σ̂_n (sample sd, n − 1 denominator, after the floor). */
  sd: number;
  /** P(∃n: μ < lower_n) ≤ α. */
  lower: number;
  /** P(∃n: μ > upper_n) ≤ α. */
  upper: number;
  /** Two-sided: P(∃n: μ ∉ [lower, upper]) ≤ α. */
  twoSided: { lower: number; upper: number };
};

export function checkSummary(summary: StreamSummary): void {
  const { n, sum, sumSquares } = summary;
  if (!Number.isInteger(n) || n < 0) throw usage('n must be a non-negative integer', { n });
  if (!Number.isFinite(sum) || !Number.isFinite(sumSquares) || sumSquares < 0) {
    throw usage('sum and sumSquares must be finite, with sumSquares ≥ 0', { sum, sumSquares });
  }
}

/** The plug-in standard deviation, clamped at 0 against round-off in Σd² − (Σd)²/n. */
export function plugInSd(summary: StreamSummary, varianceFloor = 0): number {
  const { n, sum, sumSquares } = summary;
  if (n < 2) return Number.NaN;
  const variance = Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
  return Math.sqrt(Math.max(variance, varianceFloor));
}

/**
 * The asymptotic normal-mixture confidence sequence on the mean of d after `n` pairs, from the
 * running sums only. Before 2 pairs there is no variance estimate and the bounds are ±∞.
 */
export function confidenceSequence(input: ConfidenceSequenceInput): ConfidenceSequence {
  checkSummary(input);
  const alpha = input.alpha ?? 0.05;
  checkAlpha(alpha);
  const { n } = input;
  const mean = n > 0 ? input.sum / n : 0;
  const sd = plugInSd(input, input.varianceFloor ?? 0);
  if (!Number.isFinite(sd)) {
    const open = { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY };
    return { n, mean, sd, ...open, twoSided: { ...open } };
  }
  const oneSided = sd * oneSidedRadius(n, mixtureRho(input.nStar, alpha, 1), alpha);
  const twoSided = sd * twoSidedRadius(n, mixtureRho(input.nStar, alpha, 2), alpha);
  return {
    n,
    mean,
    sd,
    lower: mean - oneSided,
    upper: mean + oneSided,
    twoSided: { lower: mean - twoSided, upper: mean + twoSided },
  };
}

/**
 * The smallest n at which the one-sided radius σ·r_n falls to `gap`, i.e. when a bound would clear
 * the margin if the observed mean and sd held. Uses z_n² ≈ 2(log(1/(2α)) + ½ log((n+ρ)/ρ)) (the
 * boundary with Φ(z) ≈ 1, off by < 0.1% for z > 2.5) and solves n = q(n), where q(n) is the root of
 * the quadratic n² = s·z_n²·(n + ρ), s = σ²/gap², by Newton's method (q grows like log n, so
 * a few steps suffice from any start). Returns Infinity past 10¹² pairs.
 */
export function pairsForRadius(gap: number, sd: number, rho: number, alpha: number, start = 1): number {
  if (!(gap > 0)) return Number.POSITIVE_INFINITY;
  if (sd === 0) return 1;
  const s = (sd * sd) / (gap * gap);
  const base = 2 * Math.log(1 / (2 * alpha));
  let n = Math.max(1, start);
  for (let i = 0; i < 20; i++) {
    const z2 = base + Math.log((n + rho) / rho);
    const root = Math.sqrt(s * s * z2 * z2 + 4 * s * z2 * rho);
    const q = 0.5 * (s * z2 + root);
    // dq/dn = dq/dz² · dz²/dn, with dz²/dn = 1/(n + ρ).
    const slope = (0.5 * (s + (s * s * z2 + 2 * s * rho) / root)) / (n + rho);
    // Newton where it is safe (near the root the slope is ≈ 1/z² < 1), a plain n ← q(n) elsewhere.
    const next = slope < 0.9 ? Math.max(1, n - (q - n) / (slope - 1)) : q;
    if (next > 1e12) return Number.POSITIVE_INFINITY;
    if (Math.abs(next - n) < Math.max(0.5, 1e-4 * next)) return Math.ceil(next);
    n = next;
  }
  return Math.ceil(n);
}
