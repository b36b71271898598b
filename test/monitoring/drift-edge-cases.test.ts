import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildReferenceDistribution,
  type CategoricalHistograms,
  detectDrift,
  UNSEEN_BUCKET,
} from '../../main/monitoring/drift/index.js';
import { assertFinite, categorical, close, cycle, feature, numeric } from './drift-fixtures.js';

/**
 * Columns that break naive drift code — constant, empty, all new, infinite — must come back with a
 * defined verdict, a sentence saying why, and only finite numbers.
 */

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

for (const n of [60, 3000]) {
  test(`constant, empty and all-new columns give explained verdicts and no NaN (n = ${n})`, () => {
    const constant = new Float64Array(n).fill(3);
    const mostlyConstant = new Float64Array(n).fill(3).map((v, i) => (i % 10 === 0 ? 4 : v));
    const reference = buildReferenceDistribution([
      numeric('constant_same', constant),
      numeric('constant_changed', constant),
      numeric('becomes_constant', normals(n, 5)),
      numeric('empty_current', normals(n, 6)),
      numeric('no_rows', normals(n, 7)),
      numeric('empty_reference', new Float64Array(n).fill(Number.NaN)),
      categorical('all_new', cycle(n, ['a', 'b', 'c'])),
      categorical('single', cycle(n, ['only'])),
      categorical('empty_categorical', cycle(n, ['a', 'b'])),
    ]);
    const withInfinity = normals(n, 8);
    withInfinity[0] = Number.POSITIVE_INFINITY;
    const report = detectDrift(reference, {
      columns: [
        numeric('constant_same', new Float64Array(n).fill(3)),
        numeric('constant_changed', mostlyConstant),
        numeric('becomes_constant', new Float64Array(n).fill(0.25)),
        numeric('empty_current', new Float64Array(n).fill(Number.NaN)),
        numeric('no_rows', new Float64Array(0)),
        numeric('empty_reference', normals(n, 9)),
        categorical('all_new', cycle(n, ['x', 'y'])),
        categorical('single', cycle(n, ['only'])),
        categorical('empty_categorical', new Array<string | null>(n).fill(null)),
      ],
    });
    assertFinite(report);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);

    const same = feature(report, 'constant_same');
    assert.equal(same.status, 'ok');
    assert.match(same.reason, /^Constant in both reference and current \(every value 3\): no change\./);
    assert.deepEqual([same.statistics.ks, same.statistics.psi, same.statistics.wasserstein], [0, 0, 0]);

    const changed = feature(report, 'constant_changed');
    assert.equal(changed.status, 'drift');
    assert.match(
      changed.reason,
      /^The reference is constant \(every value 3\), so the Wasserstein distance cannot be normalised/,
    );
    assert.equal(changed.statistics.wasserstein, undefined);
    close(changed.statistics.wasserstein_raw ?? 0, Math.ceil(n / 10) / n);
    close(changed.statistics.ks ?? 0, Math.ceil(n / 10) / n);
    // Bins (−∞, 3⁻], (3⁻, 3], (3, +∞): the new value 4 lands in a bin the reference never filled.
    assert.ok((changed.statistics.psi ?? 0) > 0.2);

    const becomes = feature(report, 'becomes_constant');
    assert.equal(becomes.status, 'drift');
    assert.match(becomes.reason, /^Every current value is 0\.25\./);

    assert.equal(feature(report, 'empty_current').status, 'not_applicable');
    assert.equal(
      feature(report, 'empty_current').reason,
      `No current values: all ${n.toLocaleString('en-US')} current rows are missing, so there is nothing to compare.`,
    );
    assert.equal(feature(report, 'empty_current').missingCurrent, n);
    assert.match(feature(report, 'no_rows').reason, /the current data has no rows/);
    assert.equal(feature(report, 'empty_reference').status, 'not_applicable');
    assert.match(
      feature(report, 'empty_reference').reason,
      /^No reference values: the column was empty in the training data/,
    );

    const allNew = feature(report, 'all_new');
    assert.equal(allNew.status, 'drift');
    assert.equal(allNew.statistics.unseen_share, 1);
    assert.equal(allNew.statistics.js, 1);
    assert.match(
      allNew.reason,
      new RegExp(
        `^All ${n.toLocaleString('en-US')} current values are categories never seen in training \\("x", "y"\\)\\.`,
      ),
    );
    const histograms = allNew.histograms as CategoricalHistograms;
    assert.deepEqual(histograms.categories, ['a', 'b', 'c', UNSEEN_BUCKET]);
    assert.deepEqual(histograms.current, [0, 0, 0, 1]);

    const single = feature(report, 'single');
    assert.equal(single.status, 'ok');
    assert.match(single.reason, /^A single category in both reference and current \("only"\): no change\./);
    assert.match(
      single.reason,
      n > 1000
        ? /smaller > 1,000: decided on effect sizes/
        : /chi-square not possible with a single category: decided on effect sizes/,
    );
    assert.equal(single.statistics.chi2, undefined);

    assert.equal(feature(report, 'empty_categorical').status, 'not_applicable');
    // Not-applicable features leave the denominator: 3 drifted of 5 comparable.
    assert.equal(report.applicableFeatures, 5);
    assert.equal(report.driftedFeatures, 3);
    assert.equal(report.driftShare, 0.6);
  });
}

test('±Infinity counts as missing, never as a value', () => {
  const reference = buildReferenceDistribution([numeric('x', normals(500, 1))]);
  const current = normals(400, 2);
  current[0] = Number.POSITIVE_INFINITY;
  current[1] = Number.NEGATIVE_INFINITY;
  current[2] = Number.NaN;
  const x = detectDrift(reference, { columns: [numeric('x', current)] }).features[0];
  assert.equal(x.missingCurrent, 3);
  assert.equal(x.nCurrent, 397);
  assertFinite(x);
});
