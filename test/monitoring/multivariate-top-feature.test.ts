import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multivariateDrift } from '../../main/monitoring/multivariate/index.js';
import { reference, rows } from './multivariate-fixtures.js';

const training = reference(rows(10_000, 1));

test("the domain classifier's top feature is the one column that moved", async () => {
  const shifted = rows(2000, 4, { zShift: 0.5 });
  const results = await multivariateDrift(training.distribution, training.sample, shifted);
  const classifier = results.find((result) => result.method === 'domain_classifier');
  assert.ok(classifier?.method === 'domain_classifier');
  assert.equal(classifier.status, 'drift', classifier.reason);
  assert.equal(classifier.topFeatures[0].name, 'z');
  assert.ok(classifier.topFeatures[0].importance > 0.5, JSON.stringify(classifier.topFeatures));
});
