import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import {
  checkPerformanceDrop,
  isPerformanceDrop,
  relativeDrop,
} from '../../main/monitoring/performance/index.js';
import type { Task } from '../../main/training/types.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { fakeClock } from '../helpers/workspace.js';

const HOUR = 3_600_000;
const clock = fakeClock(new Date('2026-04-01T00:00:00Z'));
const { workspace, log, versions, register, stores } = registryFixture(clock);
after(() => workspace.cleanup());

/** A model whose champion v1 had `metrics` on its held-out rows. */
function champion(model: string, task: Task, metrics: Record<string, number>): void {
  const version = register(model, task, 1, metrics);
  versions.promote(version.id, { actor: 'test', reason: 'fixture' });
}

/** Labelled champion traffic spread evenly over the `hours` before now (then the clock returns). */
function traffic(model: string, rows: { prediction: unknown; actual: unknown }[], hours = 3): void {
  const now = clock.now();
  const step = (hours * HOUR) / rows.length;
  const feedback: { requestId: string; actual: unknown }[] = [];
  rows.forEach((row, i) => {
    clock.set(new Date(now.getTime() - hours * HOUR + i * step));
    const requestId = randomUUID();
    log.add({
      requestId,
      modelName: model,
      version: 1,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify(row.prediction),
      status: 200,
      latencyMs: 1,
    });
    log.flush();
    feedback.push({ requestId, actual: row.actual });
  });
  clock.set(now);
  log.attachFeedback(feedback);
}

/** y ~ N(100, 10²), prediction = y + N(0, σ²): R² ≈ 1 − σ²/100. */
function regressionRows(seed: number, n: number, sigma: number) {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    const actual = 100 + 10 * random.normal();
    return { prediction: { prediction: actual + sigma * random.normal() }, actual };
  });
}

/** Labels ~ Bernoulli(truth); the model scores logit(truth) plus N(0, noise²). */
function classificationRows(seed: number, n: number, noise: number) {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    const z = 2 * random.normal();
    const truth = 1 / (1 + Math.exp(-z));
    const p = 1 / (1 + Math.exp(-(z + noise * random.normal())));
    return {
      prediction: { prediction: p >= 0.5 ? '1' : '0', probabilities: { '0': 1 - p, '1': p } },
      actual: random.next() < truth ? 1 : 0,
    };
  });
}

test('relative drop: a fall for higher-is-better metrics, a rise for lower-is-better ones', () => {
  assert.ok(Math.abs(relativeDrop('r2', 0.8, 0.6) - 0.25) < 1e-12);
  assert.ok(Math.abs(relativeDrop('rmse', 2, 2.5) - 0.25) < 1e-12);
  assert.ok(relativeDrop('r2', 0.8, 0.9) < 0, 'better is a negative drop');
  // R² may be negative: the scale is |evaluated|.
  assert.ok(Math.abs(relativeDrop('r2', -0.5, -0.6) - 0.2) < 1e-12);
  assert.equal(isPerformanceDrop({ metric: 'r2', evaluated: 0.8, observed: 0.77, threshold: 0.05 }), false);
  assert.equal(isPerformanceDrop({ metric: 'r2', evaluated: 0.8, observed: 0.75, threshold: 0.05 }), true);
  assert.equal(isPerformanceDrop({ metric: 'mae', evaluated: 1, observed: 1.06, threshold: 0.05 }), true);
});

test('a real R² drop on a regression champion is detected, with a readable reason', () => {
  champion('price-drop', 'number', { r2: 0.8, rmse: 4.47, mae: 3.57, mape: 0.036 });
  traffic('price-drop', regressionRows(1, 300, 6.3));
  const result = checkPerformanceDrop(stores, {
    modelName: 'price-drop',
    window: 'day',
    now: clock.now(),
  });
  assert.equal(result.status, 'dropped');
  assert.equal(result.dropped, true);
  assert.equal(result.metric, 'r2');
  assert.equal(result.evaluated, 0.8);
  assert.ok((result.observed as number) < 0.7, String(result.observed));
  assert.ok(Math.abs((result.relativeDrop as number) - (0.8 - (result.observed as number)) / 0.8) < 1e-12);
  assert.equal(result.labelled, 300);
  assert.match(
    result.reason,
    /^R² of the champion v1 of price-drop fell from 0\.800 at evaluation to 0\.\d+ on the 300 labelled predictions/,
  );
  assert.match(result.reason, /more than the 5\.0% threshold/);

  const rmse = checkPerformanceDrop(stores, {
    modelName: 'price-drop',
    window: 'hour',
    now: clock.now(),
    metric: 'rmse',
  });
  assert.equal(rmse.dropped, true);
  assert.equal(rmse.direction, 'lower');
  assert.ok((rmse.observed as number) > 5.5);
  assert.match(rmse.reason, /RMSE .* rose from 4\.47/);
});

test('noise below the threshold is not a drop', () => {
  champion('price-steady', 'number', { r2: 0.8, rmse: 4.47 });
  traffic('price-steady', regressionRows(2, 400, Math.sqrt(20)));
  const result = checkPerformanceDrop(stores, {
    modelName: 'price-steady',
    window: 'hour',
    now: clock.now(),
  });
  assert.equal(result.status, 'ok');
  assert.equal(result.dropped, false);
  assert.ok(Math.abs(result.relativeDrop as number) < 0.05, String(result.relativeDrop));
  assert.match(result.reason, /within the 5\.0% threshold/);
});

test('too few labels: no verdict, however bad the few look', () => {
  champion('price-few', 'number', { r2: 0.8 });
  traffic('price-few', regressionRows(3, 60, 9));
  const result = checkPerformanceDrop(stores, {
    modelName: 'price-few',
    window: 'hour',
    now: clock.now(),
  });
  assert.equal(result.status, 'insufficient_labels');
  assert.equal(result.dropped, false);
  assert.equal(result.labelled, 60);
  assert.match(result.reason, /Only 60 labelled predictions .* 100 are needed/);
  // The same 60 are enough when the caller accepts fewer.
  const relaxed = checkPerformanceDrop(stores, {
    modelName: 'price-few',
    window: 'hour',
    now: clock.now(),
    minLabelled: 50,
  });
  assert.equal(relaxed.dropped, true);
});

test('classification: accuracy and ROC AUC drops are detected; a model as good as evaluated is not flagged', () => {
  champion('churn-drop', 'binary', { accuracy: 0.78, roc_auc: 0.86, f1_score: 0.77 });
  traffic('churn-drop', classificationRows(4, 500, 4));
  const auc = checkPerformanceDrop(stores, {
    modelName: 'churn-drop',
    window: 'day',
    now: clock.now(),
  });
  assert.equal(auc.metric, 'roc_auc');
  assert.equal(auc.dropped, true, auc.reason);
  const accuracy = checkPerformanceDrop(stores, {
    modelName: 'churn-drop',
    window: 'day',
    now: clock.now(),
    metric: 'accuracy',
  });
  assert.equal(accuracy.dropped, true, accuracy.reason);
  assert.match(accuracy.reason, /^Accuracy of the champion v1 of churn-drop fell from 0\.780/);

  // With little noise the model performs as at evaluation, give or take sampling noise.
  champion('churn-steady', 'binary', { accuracy: 0.79, roc_auc: 0.87 });
  traffic('churn-steady', classificationRows(5, 800, 0.3));
  for (const metric of ['accuracy', 'roc_auc']) {
    const result = checkPerformanceDrop(stores, {
      modelName: 'churn-steady',
      window: 'day',
      now: clock.now(),
      metric,
    });
    assert.equal(result.dropped, false, result.reason);
    assert.equal(result.status, 'ok');
  }
});

test('the latest windows are pooled until enough labels; labels outside the lookback do not count', () => {
  champion('pooled', 'number', { r2: 0.8 });
  // 120 rows over the last 6 hours: 20 an hour, so 5 hourly windows reach 100 labels.
  traffic('pooled', regressionRows(6, 120, 6.3), 6);
  const result = checkPerformanceDrop(stores, {
    modelName: 'pooled',
    window: 'hour',
    now: clock.now(),
  });
  assert.equal(result.windows, 5);
  assert.equal(result.labelled, 100);
  assert.equal(result.dropped, true);
  assert.equal(result.to, clock.now().toISOString());
  assert.equal(result.from, new Date(clock.now().getTime() - 5 * HOUR).toISOString());

  const short = checkPerformanceDrop(stores, {
    modelName: 'pooled',
    window: 'hour',
    now: clock.now(),
    lookbackWindows: 3,
  });
  assert.equal(short.status, 'insufficient_labels');

  // A week later the same labels have left the default lookback of 7 days of hours.
  const later = checkPerformanceDrop(stores, {
    modelName: 'pooled',
    window: 'hour',
    now: new Date(clock.now().getTime() + 8 * 24 * HOUR),
  });
  assert.equal(later.status, 'insufficient_labels');
});

test('no champion, no reference metric and a metric of another task are answered plainly', () => {
  versions.ensureModel('empty', 'binary', 'target');
  const none = checkPerformanceDrop(stores, { modelName: 'empty', window: 'day', now: clock.now() });
  assert.equal(none.status, 'no_champion');
  assert.equal(none.dropped, false);

  champion('unscored', 'number', { rmse: 3 });
  const missing = checkPerformanceDrop(stores, {
    modelName: 'unscored',
    window: 'day',
    now: clock.now(),
  });
  assert.equal(missing.status, 'no_reference');

  assert.throws(
    () =>
      checkPerformanceDrop(stores, {
        modelName: 'unscored',
        window: 'day',
        now: clock.now(),
        metric: 'accuracy',
      }),
    (error: { code?: string; details?: { field?: string } }) =>
      error.code === 'USAGE' && error.details?.field === 'metric',
  );
  assert.throws(
    () =>
      checkPerformanceDrop(stores, {
        modelName: 'unscored',
        window: 'day',
        now: clock.now(),
        threshold: 0,
      }),
    (error: { code?: string }) => error.code === 'USAGE',
  );
});

test('a check replayed at an earlier moment sees only the traffic and labels known then', () => {
  champion('replay', 'number', { r2: 0.8 });
  const start = clock.now();
  // Good traffic in the morning (labelled at once), bad traffic in the afternoon.
  clock.set(new Date(start.getTime() + 12 * HOUR));
  traffic('replay', regressionRows(7, 200, Math.sqrt(20)), 6);
  clock.set(new Date(start.getTime() + 18 * HOUR));
  traffic('replay', regressionRows(8, 200, 7), 6);
  const morning = checkPerformanceDrop(stores, {
    modelName: 'replay',
    window: 'day',
    now: new Date(start.getTime() + 12 * HOUR),
  });
  assert.equal(morning.dropped, false, morning.reason);
  assert.equal(morning.labelled, 200);
  const evening = checkPerformanceDrop(stores, {
    modelName: 'replay',
    window: 'day',
    now: new Date(start.getTime() + 18 * HOUR),
  });
  assert.equal(evening.labelled, 400);
  assert.equal(evening.dropped, true, evening.reason);
  clock.set(start);
});
