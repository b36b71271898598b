import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import {
  binomialCdf,
  binomialSfInclusive,
  logGamma,
  mcnemarExact,
  normalCdf,
  normalQuantile,
  pairedTTest,
  studentTCdf,
  studentTSf,
  wilcoxonSignedRank,
} from '../../main/lifecycle/shadow-stats/index.js';

// Reference values: SciPy 1.17.1 (scipy.stats.t.ppf, norm.ppf, ttest_rel, binomtest, wilcoxon),
// cross-checked where possible against closed forms (the Cauchy and 2-df t CDFs, 2^-n tails).

function close(actual: number, expected: number, relative = 1e-12, label = ''): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(error <= relative, `${label} ${actual} vs ${expected} (relative error ${error})`);
}

test('the normal quantile matches table values to full precision', () => {
  close(normalQuantile(0.975), 1.959963984540054);
  close(normalQuantile(0.95), 1.6448536269514722);
  close(normalQuantile(0.99), 2.3263478740408408);
  close(normalQuantile(0.999), 3.090232306167813);
  close(normalQuantile(1e-10), -6.361340902404056);
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test('the normal CDF keeps relative precision in the tails and inverts the quantile', () => {
  // Φ(−10) and Φ(−6) from erfc (Python math.erfc(x/√2)/2).
  close(normalCdf(-10), 7.61985302416047e-24, 1e-13);
  close(normalCdf(-6), 9.865876450376946e-10, 1e-13);
  close(normalCdf(1.96), 0.9750021048517795, 1e-15);
  for (const p of [1e-12, 0.001, 0.2, 0.5, 0.8, 0.999])
    close(normalCdf(normalQuantile(p)), p, 1e-13, `p=${p}`);
});

test('the Student-t CDF matches t tables and closed forms', () => {
  close(studentTCdf(2.228138851986274, 10), 0.975, 1e-13);
  close(studentTCdf(2.0150483733330233, 5), 0.95, 1e-13);
  close(studentTCdf(2.7499956535672254, 30), 0.995, 1e-13);
  close(studentTCdf(10.214531852407383, 3), 0.999, 1e-13);
  // 1 df is the Cauchy distribution: F(t) = 1/2 + atan(t)/π.
  close(studentTCdf(3.0776835371752544, 1), 0.9, 1e-13);
  close(studentTCdf(-0.7, 1), 0.5 + Math.atan(-0.7) / Math.PI, 1e-14);
  // 2 df: F(t) = 1/2 + t / (2√(2 + t²)).
  close(studentTCdf(1.3, 2), 0.5 + 1.3 / (2 * Math.sqrt(2 + 1.3 * 1.3)), 1e-14);
  close(studentTCdf(-3.5, 7), 0.0049965204409427744, 1e-12);
  close(studentTSf(6, 12), 3.108369432429282e-5, 1e-12);
});

test('binomial tails and log-gamma match SciPy', () => {
  close(binomialCdf(3, 15, 0.5), 0.017578125, 1e-14);
  close(binomialSfInclusive(700, 1000, 0.68), 0.09256566438722191, 1e-11);
  assert.equal(binomialCdf(-1, 10, 0.5), 0);
  assert.equal(binomialCdf(10, 10, 0.5), 1);
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
  close(logGamma(10), Math.log(362880), 1e-14);
});

test('McNemar exact test equals the binomial test on the discordant pairs', () => {
  const r = mcnemarExact({ b: 12, c: 25 });
  close(r.twoSided, 0.04703102743951604);
  close(r.greater, 0.02351551371975802);
  close(r.less, 0.9899630740401335);
  const worse = mcnemarExact({ b: 40, c: 15 });
  close(worse.twoSided, 0.0010158471941252854);
  close(worse.less, 0.0005079235970626427);
  const large = mcnemarExact({ b: 180, c: 230 });
  close(large.twoSided, 0.015421021671461307, 1e-11);
  close(large.greater, 0.007710510835730653, 1e-11);
  // All 6 discordant pairs won by the challenger: P = 2^-6 one-sided.
  const sweep = mcnemarExact({ b: 0, c: 6 });
  close(sweep.greater, 1 / 64, 1e-14);
  close(sweep.twoSided, 1 / 32, 1e-14);
  assert.equal(mcnemarExact({ b: 7, c: 7 }).twoSided, 1);
  assert.deepEqual(mcnemarExact({ b: 0, c: 0 }).twoSided, 1);
});

test('paired t-test matches scipy.stats.ttest_rel', () => {
  const champion = [0.42, 0.37, 0.51, 0.29, 0.45, 0.33, 0.48, 0.4, 0.52, 0.38];
  const challenger = [0.39, 0.36, 0.44, 0.31, 0.4, 0.3, 0.47, 0.35, 0.49, 0.39];
  const r = pairedTTest(champion.map((value, i) => value - challenger[i]));
  assert.equal(r.df, 9);
  close(r.t, 2.8246634143301597, 1e-12);
  close(r.twoSided, 0.019894961259920182, 1e-11);
  close(r.greater, 0.009947480629960091, 1e-11);
  close(r.less, 0.9900525193700399, 1e-12);
});

test('Wilcoxon signed-rank: exact distribution (Darwin data, SciPy docs example)', () => {
  const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
  const r = wilcoxonSignedRank(darwin);
  assert.equal(r.method, 'exact');
  assert.equal(r.wPlus, 96);
  assert.equal(r.wMinus, 24);
  assert.equal(r.twoSided, 0.041259765625);
  assert.equal(r.greater, 0.0206298828125);
  assert.equal(r.less, 0.982330322265625);
  close(wilcoxonSignedRank(darwin, { method: 'approx' }).twoSided, 0.04088813291185591);
});

test('Wilcoxon signed-rank drops zeros and corrects the variance for ties', () => {
  const tied = [1.5, -0.5, 2, 2, -1, 3, 0.5, 4, -2, 1.5, 2.5, 3, 0, 0.7, 1.1, -0.3];
  const r = wilcoxonSignedRank(tied);
  assert.equal(r.method, 'approx');
  assert.equal(r.zeros, 1);
  assert.equal(r.n, 15);
  assert.equal(r.wPlus, 101.5);
  close(r.twoSided, 0.01825646285808383, 1e-12);
  close(r.greater, 0.009128231429041915, 1e-12);
  close(wilcoxonSignedRank(tied, { continuityCorrection: true }).greater, 0.009852005826435865, 1e-12);
  // Zeros but no ties: the exact distribution of the 9 non-zero pairs (SciPy 1.17: 0.02734375).
  const withZero = wilcoxonSignedRank([0, 1.2, -0.4, 2.5, 3.1, 0.7, -1.9, 4.4, 0.9, 5.3]);
  assert.equal(withZero.method, 'exact');
  assert.equal(withZero.greater, 0.02734375);
});

test('bad arguments are USAGE errors', () => {
  for (const run of [
    () => mcnemarExact({ b: -1, c: 2 }),
    () => mcnemarExact({ b: 1.5, c: 2 }),
    () => pairedTTest([1]),
    () => pairedTTest([1, Number.NaN]),
    () => wilcoxonSignedRank([0, 0]),
    () => wilcoxonSignedRank([1, 1, -2], { method: 'exact' }),
  ]) {
    assert.throws(run, (error: unknown) => isPodiumError(error) && error.code === 'USAGE');
  }
});
