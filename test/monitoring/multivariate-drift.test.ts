import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MultivariateDrift } from '../../main/contract/index.js';
import { detectDrift } from '../../main/monitoring/drift/index.js';
import { multivariateDrift } from '../../main/monitoring/multivariate/index.js';
import { reference, rows } from './multivariate-fixtures.js';

const training = reference(rows(10_000, 1));

function method<M extends MultivariateDrift['method']>(
  results: MultivariateDrift[],
  name: M,
): Extract<MultivariateDrift, { method: M }> {
  const found = results.find((result) => result.method === name);
  assert.ok(found, name);
  return found as Extract<MultivariateDrift, { method: M }>;
}

test('a correlation that flips sign passes every univariate check but both multivariate checks flag it', async () => {
  const flipped = rows(2000, 2, { rho: -0.8 });
  const univariate = detectDrift(training.distribution, { columns: flipped });
  assert.deepEqual(
    univariate.features.map((f) => [f.name, f.status]),
    [
      ['x', 'ok'],
      ['y', 'ok'],
      ['z', 'ok'],
      ['region', 'ok'],
    ],
  );
  const results = await multivariateDrift(training.distribution, training.sample, flipped);
  const pca = method(results, 'pca_reconstruction');
  assert.equal(pca.status, 'drift', pca.reason);
  assert.ok(pca.value !== null && pca.threshold !== null && pca.value > pca.threshold);
  const classifier = method(results, 'domain_classifier');
  assert.equal(classifier.status, 'drift', classifier.reason);
  assert.ok(
    classifier.auc !== null && classifier.threshold !== null && classifier.auc > classifier.threshold,
  );
  assert.deepEqual(
    classifier.topFeatures
      .slice(0, 2)
      .map((f) => f.name)
      .sort(),
    ['x', 'y'],
  );
});

test('a fresh sample of the training distribution is ok on both multivariate checks', async () => {
  const fresh = rows(2000, 3);
  const results = await multivariateDrift(training.distribution, training.sample, fresh);
  const pca = method(results, 'pca_reconstruction');
  assert.equal(pca.status, 'ok', pca.reason);
  const classifier = method(results, 'domain_classifier');
  assert.equal(classifier.status, 'ok', classifier.reason);
  assert.ok(
    classifier.auc !== null && classifier.threshold !== null && classifier.auc < classifier.threshold,
  );
});
