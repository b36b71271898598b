import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { PodiumError } from '../../main/contract/errors.js';
import {
  chanceAucThreshold,
  covarianceMatrix,
  fitPca,
  fitRowEncoder,
  reconstructionErrors,
  referenceSampleColumns,
  symmetricEigen,
} from '../../main/monitoring/multivariate/index.js';
import { rocAuc } from '../../main/training/metrics.js';
import { reference, rows } from './multivariate-fixtures.js';

const near = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

test('the eigen solver finds the known eigenpairs of the tridiagonal [2 1 0; 1 2 1; 0 1 2]', () => {
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 1, 0, 1, 2]), 3);
  near(values[0], 2 + Math.SQRT2);
  near(values[1], 2);
  near(values[2], 2 - Math.SQRT2);
  const expected = [
    [0.5, Math.SQRT1_2, 0.5],
    [Math.SQRT1_2, 0, -Math.SQRT1_2],
    [0.5, -Math.SQRT1_2, 0.5],
  ];
  vectors.forEach((vector, j) => {
    // An eigenvector's sign is arbitrary.
    const sign = Math.sign(vector[0]) * Math.sign(expected[j][0]);
    vector.forEach((entry, k) => {
      near(sign * entry, expected[j][k]);
    });
  });
});

test('on a random symmetric 30 × 30 matrix, A v = λ v, the vectors are orthonormal and Σλ is the trace', () => {
  const d = 30;
  const random = createRandom(5);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const value = random.normal();
      a[i * d + j] = value;
      a[j * d + i] = value;
    }
  const { values, vectors } = symmetricEigen(a, d);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += a[i * d + i];
  near(
    values.reduce((s, v) => s + v, 0),
    trace,
    1e-10,
  );
  for (let j = 0; j < d; j++) {
    if (j > 0) assert.ok(values[j] <= values[j - 1]);
    for (let i = 0; i < d; i++) {
      let product = 0;
      for (let k = 0; k < d; k++) product += a[i * d + k] * vectors[j][k];
      near(product, values[j] * vectors[j][i], 1e-10);
    }
    for (let m = 0; m <= j; m++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += vectors[j][k] * vectors[m][k];
      near(dot, m === j ? 1 : 0, 1e-10);
    }
  }
  assert.throws(() => symmetricEigen(new Float64Array(5), 2), PodiumError);
});

test('PCA keeps components until 90% of the variance and reconstructs rows on their plane exactly', () => {
  // Rows on the plane spanned by (1, 1, 0) and (0, 0, 1), plus a little noise off it.
  const random = createRandom(9);
  const n = 2000;
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [u, w, e] = [random.normal(), random.normal(), 0.01 * random.normal()];
    data.set([u + e, u - e, w], i * 3);
  }
  const { covariance } = covarianceMatrix(data, n, 3);
  near(covariance[0 * 3 + 1], covariance[0], 0.01);
  const pca = fitPca(data, n, 3);
  assert.equal(pca.components.length, 2);
  assert.ok(pca.explained > 0.99);
  const errors = reconstructionErrors(pca, Float64Array.from([1, 1, 2, 1, -1, 0]), 2);
  near(errors[0], 0, 0.01);
  near(errors[1], Math.SQRT2, 0.01);
});

test('the chance AUC bound holds: random scores pass it about alpha of the time at most', () => {
  const random = createRandom(3);
  const folds = 5;
  const perSide = 40;
  let over = 0;
  const trials = 2000;
  const threshold = chanceAucThreshold(
    Array.from({ length: folds }, () => ({ positives: perSide, negatives: perSide })),
  );
  // Worst case of the bound: every fold's AUC the same (perfectly correlated folds).
  const labels = Float32Array.from({ length: 2 * perSide }, (_, i) => (i < perSide ? 1 : 0));
  for (let t = 0; t < trials; t++) {
    const scores = Float32Array.from(labels, () => random.next());
    if ((rocAuc(labels, scores) ?? 0.5) > threshold) over++;
  }
  assert.ok(over / trials < 0.02 && over / trials > 0.002, `${over} of ${trials}`);
  near(threshold, 0.5 + 2.3263478740408408 * Math.sqrt(81 / (12 * 1600)), 1e-9);
});

test('encoding: z-scores with a missing flag, one-hots of the top categories, all standardised on the reference sample', () => {
  const training = reference(rows(3000, 1));
  const current = rows(100, 2);
  const encoder = fitRowEncoder(training.distribution, training.sample, current);
  assert.deepEqual(encoder.columns, ['x', 'y', 'z', 'region']);
  assert.deepEqual(encoder.sources, ['x', 'x', 'y', 'y', 'z', 'z', 'region', 'region', 'region', 'region']);
  const encoded = encoder.encode(training.sample, null);
  const n = encoded.length / encoder.width;
  for (let j = 0; j < encoder.width; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += encoded[i * encoder.width + j];
    near(sum / n, 0, 1e-9);
  }
  // A current row with x missing: its value sits at the reference mean, and its flag (never set in
  // the reference, so left unscaled) is 1: all of it residual for the PCA.
  const x = current[0].values as Float64Array;
  x[0] = Number.NaN;
  const row = encoder.encode(current, Uint32Array.of(0));
  near(row[0], 0, 0.05);
  assert.equal(row[1], 1);
  const withoutZ = current.filter((column) => column.name !== 'z');
  const partial = fitRowEncoder(training.distribution, training.sample, withoutZ);
  assert.deepEqual(partial.skipped, [{ name: 'z', reason: 'absent from the current data' }]);
});

test('a reference sample file that is not one is named in the error', () => {
  assert.throws(
    () => referenceSampleColumns({ format: 'nope' } as never, '/models/m/v1/reference-sample.json'),
    (error: PodiumError) =>
      error.code === 'PACKAGE_INVALID' && error.message.includes('/models/m/v1/reference-sample.json'),
  );
  assert.throws(
    () =>
      referenceSampleColumns(
        {
          format: 'podium-reference-sample',
          version: 1,
          of: 3,
          rows: 3,
          seed: 1,
          columns: [{ name: 'x', kind: 'numeric', values: [1, 2] }],
        },
        'sample.json',
      ),
    /sample\.json: column x does not hold 3 values/,
  );
});
