import { binomialCdf, binomialSfInclusive, studentTSf } from '../../common/statistics/distributions.js';
import { normalSf } from '../../common/statistics/normal.js';
import { usage } from './usage.js';

/**
 * Fixed-horizon paired tests for a finished comparison of champion and challenger on the same
 * rows. They are valid only when the sample size was fixed in advance and the data looked at once;
 * the shadow test itself, which is watched continuously, decides with the confidence sequence.
 *
 * Sign convention everywhere: d = loss(champion) − loss(challenger), so d > 0 favours the
 * challenger, 'greater' is the alternative "the challenger is better", 'less' "it is worse".
 */

export type PValues = {
  /** H1: the challenger is better (d > 0, or c > b). */
  greater: number;
  /** H1: the challenger is worse. */
  less: number;
  twoSided: number;
};

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw usage(`${name} must be a non-negative integer`, { [name]: value });
}

export type McNemarResult = PValues & { b: number; c: number; discordant: number };

/**
 * McNemar's exact (conditional) test. Given the n = b + c discordant pairs, under H0 the
 * challenger wins each with probability 1/2, so c ~ Binomial(n, 1/2) (McNemar 1947; the exact
 * form is the binomial sign test, as `scipy.stats.binomtest(c, b + c, 0.5)`). For a symmetric
 * null the two-sided p-value is twice the smaller tail, capped at 1, which equals SciPy's
 * "sum of outcomes no more likely than the observed one".
 *
 * @param b pairs the champion got right and the challenger wrong
 * @param c pairs the challenger got right and the champion wrong
 */
export function mcnemarExact(input: { b: number; c: number }): McNemarResult {
  const { b, c } = input;
  checkCount('b', b);
  checkCount('c', c);
  const n = b + c;
  if (n === 0) return { b, c, discordant: 0, greater: 1, less: 1, twoSided: 1 };
  const greater = binomialSfInclusive(c, n, 0.5);
  const less = binomialCdf(c, n, 0.5);
  return { b, c, discordant: n, greater, less, twoSided: Math.min(1, 2 * Math.min(greater, less)) };
}

export type PairedTTestResult = PValues & { n: number; mean: number; sd: number; t: number; df: number };

/**
 * Paired t-test on the differences d_i (Student 1908): t = d̄ / (s/√n) with s the sample standard
 * deviation (n − 1 denominator), df = n − 1; the same as `scipy.stats.ttest_rel(champion_loss,
 * challenger_loss)`. The t tails come from the incomplete beta function (distributions.ts).
 */
export function pairedTTest(differences: ArrayLike<number>): PairedTTestResult {
  const n = differences.length;
  if (n < 2) throw usage('the paired t-test needs at least 2 pairs', { n });
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = differences[i];
    if (!Number.isFinite(d)) throw usage('differences must be finite numbers', { index: i, value: d });
    sum += d;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (differences[i] - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const df = n - 1;
  if (sd === 0) {
    // Constant differences: no sampling variation to test against; SciPy returns NaN here too.
    return { n, mean, sd, t: Number.NaN, df, greater: Number.NaN, less: Number.NaN, twoSided: Number.NaN };
  }
  const t = mean / (sd / Math.sqrt(n));
  const greater = studentTSf(t, df);
  const less = studentTSf(-t, df);
  return { n, mean, sd, t, df, greater, less, twoSided: Math.min(1, 2 * Math.min(greater, less)) };
}

export type WilcoxonResult = PValues & {
  /** Sum of the ranks of |d| over the positive differences (challenger better). */
  wPlus: number;
  wMinus: number;
  /** Pairs left after dropping zero differences. */
  n: number;
  zeros: number;
  method: 'exact' | 'approx';
  /** The standardized statistic (W+ − E W+)/sd for the normal approximation, else null. */
  z: number | null;
};

/** Average ranks (1-based) of `values` and the tie-group sizes, for the rank statistics. */
function averageRanks(values: number[]): { ranks: Float64Array; tieSizes: number[] } {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/**
 * Exact null distribution of W+ for n untied ranks: counts[w] = number of sign patterns with
 * W+ = w, built by the subset-sum recursion (each rank r enters with a + or − sign). 2^25 fits
 * exactly in a double, so the counts are exact up to n = 25 and beyond.
 */
function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let w = (r * (r + 1)) / 2; w >= r; w--) counts[w] += counts[w - r];
  }
  return counts;
}

export const WILCOXON_EXACT_MAX_N = 25;

/**
 * Wilcoxon signed-rank test (Wilcoxon 1945) on the paired differences. Zeros are DROPPED before
 * ranking — Wilcoxon's original convention and SciPy's default `zero_method="wilcox"` — not
 * Pratt's (1959) rank-then-drop. Ties among |d| get average ranks.
 *
 * `method: 'auto'` uses the exact permutation distribution when at most 25 non-zero differences
 * remain and they have no ties; otherwise the normal approximation with mean n(n+1)/4 and variance
 * n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups of size t (Lehmann 1975, "Nonparametrics", eq.
 * 3.24), with no continuity correction unless asked (SciPy's `correction=False` default).
 * Like SciPy 1.17 (checked), the exact distribution is that of the non-zero pairs after the zeros
 * are dropped; SciPy's own 'auto' switches to exact up to n = 50, this function up to 25.
 */
export function wilcoxonSignedRank(
  differences: ArrayLike<number>,
  options: { method?: 'auto' | 'exact' | 'approx'; continuityCorrection?: boolean } = {},
): WilcoxonResult {
  const nonZero: number[] = [];
  let zeros = 0;
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i];
    if (!Number.isFinite(d)) throw usage('differences must be finite numbers', { index: i, value: d });
    if (d === 0) zeros++;
    else nonZero.push(d);
  }
  const n = nonZero.length;
  if (n === 0) throw usage('the Wilcoxon test needs at least one non-zero difference', { zeros });
  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  let wPlus = 0;
  for (let i = 0; i < n; i++) if (nonZero[i] > 0) wPlus += ranks[i];
  const total = (n * (n + 1)) / 2;
  const wMinus = total - wPlus;
  const method = options.method ?? 'auto';
  const exact =
    method === 'exact' || (method === 'auto' && n <= WILCOXON_EXACT_MAX_N && tieSizes.length === 0);
  if (exact) {
    if (tieSizes.length > 0) throw usage('the exact Wilcoxon distribution needs untied |differences|');
    // 2^n overflows a double past n ≈ 1000; the normal approximation is excellent long before that.
    if (n > 1000) throw usage('the exact Wilcoxon distribution is limited to 1000 non-zero pairs', { n });
    const counts = signedRankCounts(n);
    const all = 2 ** n;
    // W+ is an integer without ties; P(W+ ≥ w) and P(W+ ≤ w) from the exact counts.
    let atMost = 0;
    for (let w = 0; w <= wPlus; w++) atMost += counts[w];
    let atLeast = 0;
    for (let w = wPlus; w <= total; w++) atLeast += counts[w];
    const greater = atLeast / all;
    const less = atMost / all;
    return {
      wPlus,
      wMinus,
      n,
      zeros,
      method: 'exact',
      z: null,
      greater,
      less,
      twoSided: Math.min(1, 2 * Math.min(greater, less)),
    };
  }
  const mean = total / 2;
  let variance = (n * (n + 1) * (2 * n + 1)) / 24;
  for (const t of tieSizes) variance -= (t * t * t - t) / 48;
  const sd = Math.sqrt(variance);
  const shift = options.continuityCorrection ? 0.5 : 0;
  const z = (wPlus - mean) / sd;
  // With the correction, each one-sided tail moves its boundary half a unit towards the mean.
  const greater = normalSf((wPlus - mean - shift) / sd);
  const less = normalSf((mean - wPlus - shift) / sd);
  const twoSided = Math.min(1, 2 * normalSf((Math.abs(wPlus - mean) - shift) / sd));
  return { wPlus, wMinus, n, zeros, method: 'approx', z, greater, less, twoSided };
}
