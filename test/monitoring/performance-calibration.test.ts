import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import {
  calibrationSupport,
  expectedAccuracy,
  expectedBinaryMetrics,
  fitIsotonic,
  fitPlatt,
} from '../../main/monitoring/performance/index.js';
import { computeMetrics } from '../../main/training/index.js';

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

test('with certain probabilities (the labels themselves) the expected metrics are the realised ones', () => {
  const random = createRandom(3);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 500; i++) {
    const y = random.next() < 0.4 ? 1 : 0;
    // Rounded scores make ties, which both sides must count as half an ordering.
    scores.push(Math.round(Math.min(0.99, Math.max(0.01, 0.5 * y + 0.3 + 0.3 * random.normal())) * 20) / 20);
    labels.push(y);
  }
  const expected = expectedBinaryMetrics(scores, labels);
  const realised = computeMetrics('binary', labels, scores).values;
  for (const name of ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc'] as const) {
    assert.ok(Math.abs((expected[name] as number) - realised[name]) < 1e-12, `${name}`);
  }
  assert.equal(expected.accuracy_standard_error, 0);
});

test('isotonic regression is monotone, pools violators and clips outside the data', () => {
  const calibrator = fitIsotonic(
    Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
    Float64Array.from([0, 1, 0, 0, 1, 1]),
  );
  assert.equal(calibrator.method, 'isotonic');
  // 0.2–0.4 pool to one block of mean 1/3; 0.1 stays 0; 0.5, 0.6 stay 1.
  assert.equal(calibrator.apply(0.1), 0);
  assert.ok(Math.abs(calibrator.apply(0.3) - 1 / 3) < 1e-12);
  assert.ok(Math.abs(calibrator.apply(0.15) - 1 / 6) < 1e-12, 'linear between blocks');
  assert.equal(calibrator.apply(0), 0);
  assert.equal(calibrator.apply(0.99), 1);
  let previous = -1;
  for (let s = 0; s <= 1; s += 0.01) {
    assert.ok(calibrator.apply(s) >= previous);
    previous = calibrator.apply(s);
  }
});

test('Platt scaling and isotonic regression both undo over-confidence', () => {
  const random = createRandom(5);
  const scores: number[] = [];
  const outcomes: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const truth = sigmoid(1.5 * random.normal());
    scores.push(sigmoid(3 * logit(truth)));
    outcomes.push(random.next() < truth ? 1 : 0);
  }
  const sorted = scores.map((s, i) => [s, outcomes[i]]).sort((a, b) => a[0] - b[0]);
  const platt = fitPlatt(Float64Array.from(scores), Float64Array.from(outcomes));
  const isotonic = fitIsotonic(
    Float64Array.from(sorted, (pair) => pair[0]),
    Float64Array.from(sorted, (pair) => pair[1]),
  );
  for (const truth of [0.2, 0.5, 0.7, 0.9]) {
    const score = sigmoid(3 * logit(truth));
    assert.ok(Math.abs(platt.apply(score) - truth) < 0.05, `platt at ${truth}: ${platt.apply(score)}`);
    assert.ok(
      Math.abs(isotonic.apply(score) - truth) < 0.1,
      `isotonic at ${truth}: ${isotonic.apply(score)}`,
    );
  }
});

test('expected accuracy carries its sampling error; support checks see scores the calibrator never saw', () => {
  const { accuracy, standard_error } = expectedAccuracy([0.5, 0.5, 0.5, 0.5]);
  assert.equal(accuracy, 0.5);
  assert.equal(standard_error, 0.25);
  const support = Float64Array.from({ length: 1000 }, (_, i) => 0.2 + (0.4 * i) / 999);
  const same = calibrationSupport(
    support,
    Array.from({ length: 500 }, (_, i) => 0.2 + (0.4 * i) / 499),
  );
  assert.equal(same.outside_share, 0);
  assert.ok(same.score_psi < 0.05);
  const shifted = calibrationSupport(
    support,
    Array.from({ length: 500 }, (_, i) => 0.5 + (0.4 * i) / 499),
  );
  assert.ok(shifted.outside_share > 0.5);
  assert.ok(shifted.score_psi > 1);
});
