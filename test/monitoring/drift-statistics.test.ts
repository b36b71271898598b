import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adjustPValues,
  buildReferenceDistribution,
  chiSquareHomogeneity,
  chiSquareSf,
  type DriftStatistics,
  detectDrift,
  jensenShannonDistance,
  kolmogorovSf,
  ksPValue,
  populationStabilityIndex,
  tieBlockEnds,
} from '../../main/monitoring/drift/index.js';

/*
 * Reference numbers come from SciPy 1.17.1 (python3 = pyenv 3.11.7; /usr/bin/python3 has SciPy
 * 1.10.1, which gives the same values). The samples are Weyl sequences, reproducible bit for bit
 * in Python because they use only ×, − and % on doubles:
 *   g, h = 0.6180339887498949, 0.7548776662466927
 *   u = [(i*g) % 1 for i in range(1, n+1)]; w = [(j*h) % 1 for j in range(1, m+1)]
 */
const G = 0.6180339887498949;
const H = 0.7548776662466927;
const weyl = (n: number, step: number, map: (x: number) => number) =>
  Float64Array.from({ length: n }, (_, k) => map(((k + 1) * step) % 1));

const close = (actual: number | undefined, expected: number, relative: number, label: string) => {
  assert.ok(actual !== undefined, `${label} missing`);
  const tolerance = Math.max(Math.abs(expected) * relative, 1e-300);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);
};

function statistics(reference: Float64Array, current: Float64Array): DriftStatistics {
  const distribution = buildReferenceDistribution([{ name: 'x', kind: 'numeric', values: reference }]);
  return detectDrift(distribution, { columns: [{ name: 'x', kind: 'numeric', values: current }] }).features[0]
    .statistics;
}

test('KS statistic and exact p-value match scipy.stats.ks_2samp(method="exact") for small samples', () => {
  // u = n=40 from g; cur = [1.2*x*x - 0.1 for x in w], m=30
  // stats.ks_2samp(u, cur, method='exact') -> (0.39166666666666666, 0.007700551091877636)
  // stats.wasserstein_distance(u, cur) -> 0.23786282838059422; np.std(u) -> 0.2849363175564126
  const s = statistics(
    weyl(40, G, (x) => x),
    weyl(30, H, (x) => 1.2 * x * x - 0.1),
  );
  close(s.ks, 0.39166666666666666, 1e-12, 'ks');
  close(s.ks_p, 0.007700551091877636, 1e-9, 'ks_p');
  close(s.wasserstein_raw, 0.23786282838059422, 1e-12, 'wasserstein_raw');
  close(s.wasserstein, 0.23786282838059422 / 0.2849363175564126, 1e-12, 'wasserstein normalised by std');

  // Ties on both sides: ut = [floor(x*6) for x in u(60)], wt = [floor(x*5) for x in w(50)]
  // stats.ks_2samp(ut, wt, method='exact') -> (0.16666666666666666, 0.39045593591275823)
  // stats.wasserstein_distance(ut, wt) -> 0.44333333333333336
  const tied = statistics(
    weyl(60, G, (x) => Math.floor(x * 6)),
    weyl(50, H, (x) => Math.floor(x * 5)),
  );
  close(tied.ks, 0.16666666666666666, 1e-12, 'ks with ties');
  close(tied.wasserstein_raw, 0.44333333333333336, 1e-12, 'wasserstein with ties');
  // SciPy's exact p ignores ties (0.390); ours is the exact permutation p-value given the ties.
  // Checked by 400,000 random relabellings of the pooled sample in NumPy (D ≥ 1/6 in 16.94% ± 0.06%).
  assert.ok(Math.abs((tied.ks_p ?? 0) - 0.1694) < 0.002, `tie-aware p ${tied.ks_p}`);

  // u(900) against [x*1.1 - 0.02 for x in w(700)]
  // stats.ks_2samp(u9, w7, method='exact') -> (0.07174603174603175, 0.03287774396962726)
  const larger = statistics(
    weyl(900, G, (x) => x),
    weyl(700, H, (x) => x * 1.1 - 0.02),
  );
  close(larger.ks, 0.07174603174603175, 1e-12, 'ks 900×700');
  close(larger.ks_p, 0.03287774396962726, 1e-9, 'ks_p 900×700');
});

test('against a quantile sketch (reference > 1,000 values) KS and Wasserstein stay within 0.1%', () => {
  // U = u(200000); W = w(150000)*1.02 - 0.005
  // stats.ks_2samp(U, W) -> (0.01472333333333331, 1.4353790464252136e-16)   (method 'asymp')
  // stats.wasserstein_distance(U, W) -> 0.006249904974821255
  const s = statistics(
    weyl(200_000, G, (x) => x),
    weyl(150_000, H, (x) => x * 1.02 - 0.005),
  );
  assert.ok(Math.abs((s.ks ?? 0) - 0.01472333333333331) < 1e-3, `ks ${s.ks}`);
  close(s.wasserstein_raw, 0.006249904974821255, 1e-3, 'wasserstein against the sketch');
  // Different asymptotic formulas (Stephens-corrected Kolmogorov here, kstwo at round(nₑ) in SciPy).
  close(s.ks_p, 1.4353790464252136e-16, 0.1, 'ks_p asymptotic');
});

test('asymptotic KS p-value: Kolmogorov tail and the Stephens-corrected two-sample formula', () => {
  // [stats.kstwobign.sf(l) for l in [0.3, 0.8, 1.0, 1.5, 3.0, 6.0]]
  const expected = [
    0.9999906941986655, 0.5441424115741981, 0.26999967167735456, 0.022217962616525127, 3.045995948942526e-8,
    1.0760372320042276e-31,
  ];
  [0.3, 0.8, 1.0, 1.5, 3.0, 6.0].forEach((lambda, i) => {
    close(kolmogorovSf(lambda), expected[i], 1e-12, `Q_KS(${lambda})`);
  });
  // stats.ks_2samp(u9, w7, method='asymp').pvalue -> 0.03293129229957481
  const p = ksPValue(0.07174603174603175, 900, 700);
  assert.equal(p.method, 'asymptotic');
  close(p.p, 0.03293129229957481, 0.005, 'Stephens-corrected p');
  assert.deepEqual(ksPValue(0, 10, 10, tieBlockEnds([1], [2])), { p: 1, method: 'exact' });
});

test('exact KS with ties: a constant reference against 10% new values is a two-sided Fisher count', () => {
  // Reference 60 × 3.0; current 54 × 3.0 and 6 × 4.0. The ECDFs can only differ after the block
  // of 3s, so p = P(all six 4s fall in one sample) = 2·C(60,6)/C(120,6) (math.comb in Python).
  const reference = new Float64Array(60).fill(3);
  const current = new Float64Array(60).fill(3).map((v, i) => (i < 6 ? 4 : v));
  const s = statistics(reference, current);
  close(s.ks, 0.1, 1e-12, 'ks');
  close(s.ks_p, 0.027411633549740966, 1e-9, 'p = 2·C(60,6)/C(120,6)');
  // Without the tie blocks (every position a boundary) the same D gives SciPy's tie-blind answer.
  const blind = new Uint8Array(121).fill(1);
  assert.ok(ksPValue(0.1, 60, 60, blind).p > 0.9);
});

test('chi-square test of homogeneity matches scipy.stats.chi2_contingency(correction=False)', () => {
  // stats.chi2_contingency([[120, 90, 40, 30], [80, 95, 50, 45]], correction=False)
  //   -> statistic 12.068417623973184, p 0.007152427833577153, dof 3
  const a = chiSquareHomogeneity({
    labels: ['a', 'b', 'c', 'd'],
    reference: [120, 90, 40, 30],
    current: [80, 95, 50, 45],
  });
  close(a.statistic, 12.068417623973184, 1e-12, 'X²');
  close(a.p, 0.007152427833577153, 1e-9, 'p');
  assert.equal(a.df, 3);
  // stats.chi2_contingency([[500, 300, 150, 40], [30, 25, 20, 25]], correction=False)
  //   -> statistic 76.98892795452173, p 1.3575502083695403e-16, dof 3
  const b = chiSquareHomogeneity({
    labels: ['a', 'b', 'c', 'd'],
    reference: [500, 300, 150, 40],
    current: [30, 25, 20, 25],
  });
  close(b.statistic, 76.98892795452173, 1e-12, 'X²');
  close(b.p, 1.3575502083695403e-16, 1e-9, 'tiny p keeps its relative precision');
});

test('chi-square tail probabilities match scipy.stats.chi2.sf', () => {
  // [stats.chi2.sf(x, df) for x, df in [(3.2,1), (12.5,4), (500,3), (0.5,10), (150,120)]]
  const cases: [number, number, number][] = [
    [3.2, 1, 0.07363827012030258],
    [12.5, 4, 0.013995792487650894],
    [500, 3, 4.771672031912771e-108],
    [0.5, 10, 0.999993388289439],
    [150, 120, 0.03307348091130466],
  ];
  for (const [x, df, p] of cases) close(chiSquareSf(x, df), p, 1e-10, `chi2.sf(${x}, ${df})`);
  assert.equal(chiSquareSf(0, 3), 1);
});

test('sparse cells are pooled until every expected count is at least 5', () => {
  // N = 1100, min row total 100: a column needs ≥ 5·1100/100 = 55 values. d (30) and unseen (25)
  // are pooled; the pool (55) stands as its own cell.
  const merged = chiSquareHomogeneity({
    labels: ['a', 'b', 'c', 'd', '(unseen)'],
    reference: [500, 300, 180, 20, 0],
    current: [20, 30, 15, 10, 25],
  });
  assert.deepEqual(merged.cells, {
    labels: ['a', 'b', 'c', '2 rare cells'],
    reference: [500, 300, 180, 20],
    current: [20, 30, 15, 35],
  });
  assert.equal(merged.pooled, 2);
  // stats.chi2_contingency([[500,300,180,20],[20,30,15,35]], correction=False)
  //   -> statistic 215.76923076923077, p 1.6490758751274775e-46, dof 3
  close(merged.statistic, 215.76923076923077, 1e-12, 'X² after merging');
  close(merged.p, 1.6490758751274775e-46, 1e-9, 'p after merging');
  // A pool still too small joins the smallest kept cell.
  const joined = chiSquareHomogeneity({
    labels: ['a', 'b', 'c'],
    reference: [600, 380, 20],
    current: [60, 38, 2],
  });
  assert.deepEqual(joined.cells.labels, ['a', 'b + c']);
  // Everything sparse: one cell, nothing to test.
  const none = chiSquareHomogeneity({
    labels: ['a', 'b', 'c'],
    reference: [400, 300, 300],
    current: [0, 0, 3],
  });
  assert.equal(none.df, 0);
  assert.equal(none.p, 1);
});

test('PSI matches a hand computation, with ε = 1e-4 for an empty bin', () => {
  // p = .1 .2 .3 .4, q = .2 .2 .2 .4: (.1)ln 2 + (−.1)ln(2/3) = 0.0693147 + 0.0405465
  close(
    populationStabilityIndex([10, 20, 30, 40], [20, 20, 20, 40]),
    0.1 * Math.log(2) + 0.1 * Math.log(1.5),
    1e-12,
    'PSI',
  );
  close(populationStabilityIndex([10, 20, 30, 40], [20, 20, 20, 40]), 0.1098612288668, 1e-10, 'PSI value');
  // Empty reference bin floored at 1e-4: (0.1 − 1e-4)·ln(0.1/1e-4) + 2·(−0.05)·ln(0.9)
  const expected = (0.1 - 1e-4) * Math.log(0.1 / 1e-4) + 2 * -0.05 * Math.log(0.9);
  close(populationStabilityIndex([0, 50, 50], [10, 45, 45]), expected, 1e-12, 'PSI with an empty bin');
  close(expected, 0.70062080393, 1e-9, 'hand value');
  assert.equal(populationStabilityIndex([5, 5], [5, 5]), 0);
});

test('Jensen–Shannon distance matches scipy.spatial.distance.jensenshannon(base=2)', () => {
  // jensenshannon([10,20,30,40], [20,20,20,40], base=2) -> 0.13970675101139313
  // jensenshannon([0,50,50], [10,45,45], base=2) -> 0.22781387210026416
  // jensenshannon([1,0], [0,1], base=2) -> 1.0
  close(jensenShannonDistance([10, 20, 30, 40], [20, 20, 20, 40]), 0.13970675101139313, 1e-12, 'JS');
  close(jensenShannonDistance([0, 50, 50], [10, 45, 45]), 0.22781387210026416, 1e-12, 'JS with a zero');
  assert.equal(jensenShannonDistance([1, 0], [0, 1]), 1);
  assert.equal(jensenShannonDistance([3, 7], [30, 70]), 0);
});

test('Benjamini–Hochberg and Bonferroni adjusted p-values', () => {
  const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.045, 0.0001];
  // stats.false_discovery_control(p, method='bh') (same as R p.adjust(p, "BH"))
  const bh = [0.026666666666666665, 0.06, 0.06, 0.02, 0.22857142857142856, 0.5, 0.06, 0.0008];
  for (const [i, value] of adjustPValues(p, 'bh').entries()) close(value, bh[i], 1e-12, `BH ${i}`);
  assert.deepEqual(
    adjustPValues(p, 'bonferroni'),
    p.map((value) => Math.min(1, value * 8)),
  );
  assert.deepEqual(adjustPValues(p, 'none'), p);
  // The textbook case: five p-values at 0.01…0.05 all become 0.05.
  for (const value of adjustPValues([0.01, 0.02, 0.03, 0.04, 0.05], 'bh')) close(value, 0.05, 1e-12, 'BH');
});
