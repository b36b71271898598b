import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import {
  buildReferenceDistribution,
  detectDrift,
  type NumericHistograms,
  type NumericReference,
} from '../../main/monitoring/drift/index.js';
import { assertFinite, categorical, close, cycle, feature, numeric } from './drift-fixtures.js';

/** mulberry32 with Box–Muller: seeded, so every run sees the same data. */
function normals(n: number, seed: number, shift = 0, scale = 1): Float64Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = shift + scale * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  }
  return values;
}

const G = 0.6180339887498949;
const H = 0.7548776662466927;
const weyl = (n: number, step: number, map: (x: number) => number) =>
  Float64Array.from({ length: n }, (_, k) => map(((k + 1) * step) % 1));

test('on 1,000,000 rows a trivial shift is ok despite a tiny KS p-value; a real shift is drift', () => {
  const n = 1_000_000;
  const reference = buildReferenceDistribution([
    numeric('tiny', normals(n, 1)),
    numeric('small', normals(n, 2)),
    numeric('real', normals(n, 3)),
  ]);
  const report = detectDrift(reference, {
    columns: [
      numeric('tiny', normals(n, 11, 0.02)),
      numeric('small', normals(n, 12, 0.15)),
      numeric('real', normals(n, 13, 0.5)),
    ],
  });
  assertFinite(report);
  const tiny = feature(report, 'tiny');
  assert.ok((tiny.statistics.ks_p ?? 1) < 1e-9, `KS p ${tiny.statistics.ks_p}`);
  assert.equal(tiny.status, 'ok');
  assert.equal(tiny.decidedBy, 'effect_size');
  assert.match(
    tiny.reason,
    /n = 1,000,000 current \/ 1,000,000 reference; smaller > 1,000: decided on effect sizes/,
  );
  assert.match(
    tiny.reason,
    /KS p = \de-\d+ \(BH-adjusted .*\) reported — significant, but the shift is too small/,
  );
  // 0.15σ: Wasserstein alone reaches its threshold (PSI ≈ 0.02, JS ≈ 0.06): a warning.
  const small = feature(report, 'small');
  assert.equal(small.status, 'warning');
  assert.match(small.reason, /Wasserstein 0\.1\dσ ≥ 0\.1σ.*1 of 3 effect sizes/);
  const real = feature(report, 'real');
  assert.equal(real.status, 'drift');
  assert.ok((real.statistics.psi ?? 0) >= 0.2 && (real.statistics.wasserstein ?? 0) > 0.45);
  assert.match(real.reason, /^PSI 0\.2\d ≥ 0\.2, Wasserstein 0\.5σ ≥ 0\.1σ, JS 0\.2 ≥ 0\.1: 3 of 3/);
  assert.equal(report.driftShare, 1 / 3);
  assert.equal(report.datasetDrift, false);
});

test('at or below 1,000 values the adjusted p-value decides, and effect sizes are reported', () => {
  const reference = buildReferenceDistribution([
    numeric('a', normals(5000, 1)),
    numeric('b', normals(5000, 2)),
  ]);
  const report = detectDrift(reference, {
    columns: [numeric('a', normals(300, 3, 0.5)), numeric('b', normals(300, 4))],
  });
  const a = feature(report, 'a');
  assert.equal(a.status, 'drift');
  assert.equal(a.decidedBy, 'test');
  assert.match(
    a.reason,
    /^KS p = .* \(BH-adjusted .*\) < 0\.05 \(n = 300 current \/ 5,000 reference; smaller ≤ 1,000: decided on the test; PSI .*, Wasserstein .*σ, JS .* reported\)\.$/,
  );
  const b = feature(report, 'b');
  assert.equal(b.status, 'ok');
  assert.ok((b.statistics.ks_p_adjusted ?? 0) >= 0.05);
});

test('p-values are corrected across features: significant only before correction is a warning', () => {
  // One feature with KS p ≈ 0.013 among nine with p ≈ 1: BH and Bonferroni both give ≈ 0.13.
  const reference = buildReferenceDistribution(
    Array.from({ length: 10 }, (_, f) =>
      numeric(
        `f${f}`,
        weyl(800, G, (x) => x),
      ),
    ),
  );
  const current = {
    columns: Array.from({ length: 10 }, (_, f) =>
      numeric(
        `f${f}`,
        weyl(300, H, (x) => (f === 0 ? x + 0.1 : (x * (f + 1)) % 1)),
      ),
    ),
  };
  const bh = feature(detectDrift(reference, current), 'f0');
  assert.ok((bh.statistics.ks_p ?? 1) < 0.05);
  close(bh.statistics.ks_p_adjusted ?? 0, (bh.statistics.ks_p ?? 0) * 10);
  assert.equal(bh.status, 'warning');
  assert.match(
    bh.reason,
    /but BH-adjusted p = 0\.13 ≥ 0\.05 \(not significant once 10 features are tested\)/,
  );
  const bonferroni = feature(detectDrift(reference, current, { correction: 'bonferroni' }), 'f0');
  assert.equal(bonferroni.status, 'warning');
  assert.match(bonferroni.reason, /Bonferroni-adjusted/);
  const none = feature(detectDrift(reference, current, { correction: 'none' }), 'f0');
  assert.equal(none.status, 'drift');
  assert.equal(none.statistics.ks_p_adjusted, none.statistics.ks_p);
});

test('dataset drift when the share of drifted features reaches drift_share', () => {
  const names = ['a', 'b', 'c', 'd'];
  const reference = buildReferenceDistribution(names.map((name, i) => numeric(name, normals(2000, i + 1))));
  const current = {
    columns: names.map((name, i) => numeric(name, normals(2000, i + 11, i < 2 ? 1 : 0))),
  };
  const report = detectDrift(reference, current);
  assert.deepEqual(
    report.features.map((f) => f.status),
    ['drift', 'drift', 'ok', 'ok'],
  );
  assert.equal(report.driftShare, 0.5);
  assert.equal(report.datasetDrift, true);
  assert.equal(report.summary, 'Dataset drift: 2 of 4 features drifted (50% ≥ 50%). Drift: a, b.');
  const stricter = detectDrift(reference, current, { driftShare: 0.75 });
  assert.equal(stricter.datasetDrift, false);
  assert.match(stricter.summary, /^No dataset drift: 2 of 4 features drifted \(50% < 75%\)\./);
});

test('prediction drift, numeric and categorical, is reported beside the features and not adjusted', () => {
  const reference = buildReferenceDistribution([numeric('x', normals(3000, 1))], {
    kind: 'numeric',
    values: normals(3000, 2, 0.3, 0.1),
  });
  const report = detectDrift(reference, {
    columns: [numeric('x', normals(3000, 3))],
    prediction: { kind: 'numeric', values: normals(3000, 4, 0.5, 0.1) },
  });
  assert.ok(report.prediction);
  assert.equal(report.prediction.name, 'prediction');
  assert.equal(report.prediction.status, 'drift');
  assert.equal(report.prediction.statistics.ks_p_adjusted, undefined);
  assert.equal(report.applicableFeatures, 1);
  assert.match(report.summary, /Prediction: drift\./);

  const classes = buildReferenceDistribution([], {
    name: 'class',
    kind: 'categorical',
    values: cycle(3000, ['yes', 'no', 'no']),
  });
  const same = detectDrift(classes, {
    columns: [],
    prediction: { name: 'class', kind: 'categorical', values: cycle(3000, ['no', 'yes', 'no']) },
  });
  assert.equal(same.prediction?.status, 'ok');
  assert.equal(same.summary, 'No dataset drift verdict: no feature could be compared. Prediction: ok.');
  const flipped = detectDrift(classes, {
    columns: [],
    prediction: { kind: 'categorical', values: cycle(3000, ['yes', 'yes', 'no']) },
  });
  assert.equal(flipped.prediction?.status, 'drift');
  // Without a reference prediction there is nothing to compare with.
  const noReference = detectDrift(buildReferenceDistribution([numeric('x', normals(100, 1))]), {
    columns: [numeric('x', normals(100, 2))],
    prediction: { kind: 'numeric', values: normals(100, 3) },
  });
  assert.equal(noReference.prediction?.status, 'not_applicable');
});

test('a changed column type is drift, an absent column not applicable, an extra one ignored', () => {
  const reference = buildReferenceDistribution([
    numeric('age', normals(200, 1)),
    categorical('city', cycle(200, ['a', 'b'])),
  ]);
  const report = detectDrift(reference, {
    columns: [categorical('age', cycle(200, ['30', 'forty'])), categorical('extra', cycle(200, ['z']))],
  });
  assertFinite(report);
  const age = feature(report, 'age');
  assert.equal(age.status, 'drift');
  assert.equal(age.decidedBy, 'schema');
  assert.equal(
    age.reason,
    "The column's type changed: numeric in training, categorical in the current data.",
  );
  assert.equal(feature(report, 'city').status, 'not_applicable');
  assert.match(report.summary, /Ignored \(not in the reference\): extra\./);
});

test('histograms share common bins, widened where the current data overflows the reference', () => {
  const reference = buildReferenceDistribution([
    numeric(
      'x',
      weyl(2000, G, (x) => x),
    ),
  ]);
  const x = detectDrift(reference, {
    columns: [
      numeric(
        'x',
        weyl(1000, H, (v) => v * 1.5 - 0.25),
      ),
    ],
  }).features[0];
  const histograms = x.histograms as NumericHistograms;
  assert.equal(histograms.edges.length, 23);
  assert.equal(histograms.reference.length, 22);
  assert.equal(histograms.reference[0], 0);
  assert.equal(histograms.reference[21], 0);
  close(histograms.edges[0], Math.min(...weyl(1000, H, (v) => v * 1.5 - 0.25)));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  close(sum(histograms.reference), 1);
  close(sum(histograms.current), 1);
});

test('the reference distribution is compact, JSON-serialisable, and keeps exact values only when small', () => {
  const big = normals(20_000, 1);
  big[5] = Number.NaN;
  const categories: (string | null)[] = Array.from({ length: 6000 }, (_, i) => `c${i % 300}`);
  categories[0] = null;
  const reference = buildReferenceDistribution([
    numeric('big', big),
    categorical('cat', categories.concat(categories, categories, categories).slice(0, 20_000)),
  ]);
  const roundTrip = JSON.parse(JSON.stringify(reference));
  assert.deepEqual(roundTrip, reference);
  assert.equal(reference.rows, 20_000);
  const bigRef = reference.features[0] as NumericReference;
  const smallRef = buildReferenceDistribution([numeric('small', normals(1000, 2))])
    .features[0] as NumericReference;
  assert.equal(bigRef.n, 19_999);
  assert.equal(bigRef.missing, 1);
  assert.equal(bigRef.quantiles.length, 1001);
  assert.equal(bigRef.values, undefined);
  assert.equal(bigRef.psi.edges.length, 9);
  assert.equal(
    bigRef.psi.counts.reduce((a, b) => a + b, 0),
    19_999,
  );
  assert.equal(smallRef.values?.length, 1000);
  const cat = reference.features[1];
  assert.equal(cat.kind, 'categorical');
  if (cat.kind === 'categorical') {
    assert.equal(cat.categories.length, 200);
    assert.equal(cat.other.distinct, 100);
    assert.equal(cat.other.values_complete, true);
    assert.equal(cat.missing, 4);
    assert.equal(cat.n + cat.missing, 20_000);
  }
  const current = {
    columns: [numeric('big', normals(5000, 3)), categorical('cat', cycle(500, ['c1', 'c250', 'new']))],
  };
  assert.deepEqual(detectDrift(roundTrip, current), detectDrift(reference, current));
});

test('bad options, a foreign reference and mislabelled columns are refused with PodiumError', () => {
  const reference = buildReferenceDistribution([numeric('x', normals(100, 1))]);
  const current = { columns: [numeric('x', normals(100, 2))] };
  const refused = (run: () => unknown, code: string, pattern: RegExp) =>
    assert.throws(
      run,
      (error: unknown) => error instanceof PodiumError && error.code === code && pattern.test(error.message),
    );
  refused(
    () => detectDrift(reference, current, { psiWarning: 0.3 }),
    'CONFIG_INVALID',
    /psiWarning must be at most psiDrift/,
  );
  refused(() => detectDrift(reference, current, { pValue: 0 }), 'CONFIG_INVALID', /pValue/);
  refused(
    () => detectDrift(reference, current, { correction: 'holm' as 'bh' }),
    'CONFIG_INVALID',
    /correction must be bh, bonferroni, none/,
  );
  refused(
    () => detectDrift({ ...reference, version: 2 as 1 }, current),
    'PACKAGE_INVALID',
    /reference distribution/,
  );
  refused(
    () => detectDrift(reference, { columns: [{ name: 'x', kind: 'numeric', values: ['1'] }] }),
    'DATA_INVALID',
    /Numeric column x must hold a Float64Array/,
  );
  refused(
    () => buildReferenceDistribution([numeric('x', normals(3, 1)), numeric('x', normals(3, 1))]),
    'DATA_INVALID',
    /appears twice/,
  );
});
