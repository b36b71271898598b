import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeMetrics, METRIC_DIRECTION, metricNamesFor, rocAuc } from '../../main/training/index.js';

const close = (actual: number | undefined, expected: number, tolerance = 1e-12) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${actual} ≉ ${expected}`);

describe('metrics', () => {
  test('binary, against hand-computed values (AUC with ties)', () => {
    const actual = [1, 0, 1, 1, 0, 0];
    const p = [0.9, 0.4, 0.4, 0.6, 0.2, 0.6];
    const { values, confusion_matrix } = computeMetrics('binary', actual, Float32Array.from(p), [
      'no',
      'yes',
    ]);
    assert.deepEqual(confusion_matrix, [
      [2, 1],
      [1, 2],
    ]);
    close(values.accuracy, 4 / 6);
    close(values.precision, 2 / 3);
    close(values.recall, 2 / 3);
    close(values.f1_score, 2 / 3);
    // 9 positive–negative pairs: 3 + (1 + 1 + ½) + (1 + 1 + ½) correctly ordered = 7.
    close(values.roc_auc, 7 / 9);
    const f32 = Float32Array.from(p);
    const expectedLogLoss =
      -(
        Math.log(f32[0]) +
        Math.log(1 - f32[1]) +
        Math.log(f32[2]) +
        Math.log(f32[3]) +
        Math.log(1 - f32[4]) +
        Math.log(1 - f32[5])
      ) / 6;
    close(values.log_loss, expectedLogLoss);
    close(values.loss, expectedLogLoss);
  });

  test('rocAuc: all tied scores give 0.5; one class only gives undefined', () => {
    close(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]), 0.5);
    close(rocAuc([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2]), 1);
    assert.equal(rocAuc([1, 1], [0.1, 0.2]), undefined);
    assert.equal(computeMetrics('binary', [1, 1], [0.9, 0.2]).values.roc_auc, undefined);
  });

  test('multiclass: macro scores, one-vs-rest AUC, log loss, confusion matrix', () => {
    const actual = [0, 1, 2, 2, 1, 0];
    const probabilities = [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
      [0.2, 0.2, 0.6],
      [0.1, 0.5, 0.4],
      [0.3, 0.3, 0.4],
      [0.5, 0.4, 0.1],
    ];
    const { values, confusion_matrix } = computeMetrics('category', actual, probabilities.flat(), [
      'a',
      'b',
      'c',
    ]);
    assert.deepEqual(confusion_matrix, [
      [2, 0, 0],
      [0, 1, 1],
      [0, 1, 1],
    ]);
    close(values.accuracy, 4 / 6);
    close(values.precision, (1 + 0.5 + 0.5) / 3);
    close(values.recall, (1 + 0.5 + 0.5) / 3);
    close(values.f1_score, (1 + 0.5 + 0.5) / 3);
    close(values.roc_auc, (1 + 6 / 8 + 7.5 / 8) / 3);
    close(
      values.log_loss,
      -(Math.log(0.7) + Math.log(0.6) + Math.log(0.6) + Math.log(0.4) + Math.log(0.3) + Math.log(0.5)) / 6,
    );
  });

  test('macro f1 averages per-class f1, not f1 of the averages', () => {
    // Predictions 0, 0, 1, 0. Class 0: P = 1/3, R = 1 → f1 = 1/2; class 1: P = 1, R = 1/3 → f1 = 1/2.
    // Macro f1 = 1/2, while the f1 of macro precision and recall (2/3 each) would be 2/3.
    const actual = [0, 1, 1, 1];
    const probabilities = [1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0];
    const { values } = computeMetrics('category', actual, probabilities, ['a', 'b', 'c']);
    close(values.f1_score, 1 / 2);
    close(values.precision, (1 / 3 + 1) / 2);
    close(values.recall, (1 + 1 / 3) / 2);
  });

  test('unknown actual classes are left out', () => {
    const { values } = computeMetrics('binary', [1, -1, 0], [0.9, 0.9, 0.1]);
    close(values.accuracy, 1);
  });

  test('regression: r2, rmse, mae, mape (skipping zero actuals)', () => {
    const actual = [3, -0.5, 2, 7, 0];
    const predicted = [2.5, 0, 2, 8, 0.5];
    const { values, confusion_matrix } = computeMetrics('number', actual, predicted);
    assert.equal(confusion_matrix, undefined);
    close(values.mse, 1.75 / 5);
    close(values.rmse, Math.sqrt(1.75 / 5));
    close(values.mae, 0.5);
    close(values.r2, 1 - 1.75 / 35.8);
    close(values.mape, (0.5 / 3 + 1 + 0 + 1 / 7) / 4);
  });

  test('undefined regression metrics are absent, not NaN', () => {
    const { values } = computeMetrics('number', [0, 0, 0], [1, 2, 3]);
    assert.equal(values.mape, undefined);
    assert.equal(values.r2, undefined);
    close(values.mae, 2);
  });

  test('every metric a task returns has a direction', () => {
    for (const task of ['binary', 'category', 'number'] as const) {
      for (const name of metricNamesFor(task)) assert.ok(METRIC_DIRECTION[name], name);
    }
    assert.equal(METRIC_DIRECTION.accuracy, 'higher');
    assert.equal(METRIC_DIRECTION.log_loss, 'lower');
    assert.equal(METRIC_DIRECTION.rmse, 'lower');
    assert.equal(METRIC_DIRECTION.r2, 'higher');
  });
});
