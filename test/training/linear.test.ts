import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { isPodiumError } from '../../main/contract/errors.js';
import { computeMetrics, fitLinear, linearFamily } from '../../main/training/index.js';
import type { EncodedMatrix, EncodedTarget, ModelConfig, Task } from '../../main/training/types.js';
import { config } from './fixtures.js';

/** Encoded matrices built directly, so the true coefficients are the ones to recover. */
function matrix(
  columns: number[][],
  categorical: { codes: number[]; cardinality: number }[] = [],
): EncodedMatrix {
  const rows = columns[0]?.length ?? categorical[0]?.codes.length ?? 0;
  const width = columns.length;
  const numeric = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) numeric[i * width + j] = columns[j][i];
  return {
    rows,
    numeric,
    numericWidth: width,
    numericNames: columns.map((_, j) => `x${j + 1}`),
    categorical: categorical.map((feature) => Int32Array.from(feature.codes)),
    categoricalCardinalities: categorical.map((feature) => feature.cardinality),
    categoricalNames: categorical.map((_, c) => `c${c + 1}`),
  };
}

function target(task: Task, values: number[], classes?: string[]): EncodedTarget {
  return classes
    ? { task, values: Float32Array.from(values), classes }
    : { task, values: Float32Array.from(values) };
}

function linearConfig(task: Task, trainer: Partial<ModelConfig['trainer']> = {}): ModelConfig {
  return config(
    [{ name: 'a', type: 'number' }],
    { name: 'y', type: task },
    { model_type: 'linear', trainer },
  );
}

function regressionData(rows: number, seed: number, noiseColumns = 0) {
  const random = createRandom(seed);
  const columns: number[][] = Array.from({ length: 3 + noiseColumns }, () => []);
  const codes: number[] = [];
  const y: number[] = [];
  const effect = [0, 1, -2, 0.5];
  for (let i = 0; i < rows; i++) {
    for (const column of columns) column.push(random.normal());
    const code = 1 + random.int(3);
    codes.push(code);
    y.push(
      1 + 2 * columns[0][i] - 3 * columns[1][i] + 0.5 * columns[2][i] + effect[code] + 0.01 * random.normal(),
    );
  }
  return { x: matrix(columns, [{ codes, cardinality: 4 }]), y: target('number', y) };
}

const close = (actual: number, expected: number, tolerance: number, label = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label} ${actual} ≉ ${expected} (±${tolerance})`);

describe('linear family', () => {
  test('linear regression recovers known coefficients (closed form and OWL-QN agree)', async () => {
    const train = regressionData(2000, 1);
    const validation = regressionData(300, 2);
    const exact = await fitLinear(train, validation, linearConfig('number'), { seed: 1 });
    const [weights] = exact.coefficients().weights;
    close(weights[0], 2, 0.01, 'x1');
    close(weights[1], -3, 0.01, 'x2');
    close(weights[2], 0.5, 0.01, 'x3');
    // Category effects are identified up to a constant: compare differences between levels.
    close(weights[5] - weights[4], -3, 0.01, 'level 2 - level 1');
    close(weights[6] - weights[4], -0.5, 0.01, 'level 3 - level 1');
    assert.equal(exact.iterations, 0);

    const iterative = await fitLinear(train, validation, linearConfig('number', { l1: 1e-12 }), { seed: 1 });
    assert.ok(iterative.iterations > 0);
    const a = await exact.predictRaw(validation.x);
    const b = await iterative.predictRaw(validation.x);
    for (let i = 0; i < a.length; i++) close(a[i], b[i], 1e-4, `row ${i}`);
  });

  test('L1 zeroes the weights of useless features and keeps the useful ones', async () => {
    const train = regressionData(2000, 3, 5);
    const model = await fitLinear(train, regressionData(200, 4, 5), linearConfig('number', { l1: 0.05 }), {
      seed: 1,
    });
    const [weights] = model.coefficients().weights;
    for (let j = 3; j < 8; j++) assert.equal(weights[j], 0, `noise column x${j + 1}`);
    for (let j = 0; j < 3; j++) assert.notEqual(weights[j], 0, `informative column x${j + 1}`);
    // Shrinkage: |w| is pulled towards 0 by about l1 (features have unit variance).
    close(weights[0], 2 - 0.05, 0.02);
  });

  test('logistic regression: recovers coefficients and classifies separable-ish data', async () => {
    const random = createRandom(11);
    const make = (rows: number) => {
      const x1: number[] = [];
      const x2: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < rows; i++) {
        x1.push(random.normal());
        x2.push(random.normal());
        const z = -0.5 + 3 * x1[i] - 2 * x2[i];
        y.push(random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
      }
      return { x: matrix([x1, x2]), y: target('binary', y, ['no', 'yes']) };
    };
    const train = make(20000);
    const test = make(5000);
    const reports: number[] = [];
    const model = await fitLinear(train, test, linearConfig('binary'), {
      seed: 1,
      onEpoch: (report) => reports.push(report.epoch, report.totalEpochs),
    });
    assert.deepEqual(reports, [1, 1]);
    const coefficients = model.coefficients();
    close(coefficients.intercepts[0], -0.5, 0.1, 'intercept');
    close(coefficients.weights[0][0], 3, 0.15, 'x1');
    close(coefficients.weights[0][1], -2, 0.15, 'x2');
    const { values } = computeMetrics('binary', test.y.values, await model.predictRaw(test.x));
    // The Bayes rate of this data is about 0.87; the model should be within noise of it.
    assert.ok(values.accuracy > 0.85, `accuracy ${values.accuracy}`);
    assert.ok(values.roc_auc > 0.93, `auc ${values.roc_auc}`);
  });

  test('softmax regression for a category target; probabilities sum to 1', async () => {
    const random = createRandom(5);
    const make = (rows: number) => {
      const x1: number[] = [];
      const x2: number[] = [];
      const codes: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < rows; i++) {
        x1.push(random.normal());
        x2.push(random.normal());
        codes.push(random.int(3));
        const scores = [2 * x1[i], 2 * x2[i] + (codes[i] === 1 ? 1 : 0), -x1[i] - x2[i]];
        const weights = scores.map(Math.exp);
        const total = weights.reduce((a, b) => a + b, 0);
        let u = random.next() * total;
        let label = 0;
        while (label < 2 && u > weights[label]) u -= weights[label++];
        y.push(label);
      }
      return { x: matrix([x1, x2], [{ codes, cardinality: 3 }]), y: target('category', y, ['a', 'b', 'c']) };
    };
    const train = make(5000);
    const test = make(2000);
    const model = await linearFamily.fit(train, test, linearConfig('category'), { seed: 1 });
    const raw = await model.predictRaw(test.x);
    assert.equal(raw.length, test.x.rows * 3);
    for (let i = 0; i < test.x.rows; i++) close(raw[i * 3] + raw[i * 3 + 1] + raw[i * 3 + 2], 1, 1e-5);
    const { values } = computeMetrics('category', test.y.values, raw, ['a', 'b', 'c']);
    assert.ok(values.accuracy > 0.7, `accuracy ${values.accuracy}`);
  });

  test('save and load give identical predictions; backend is js', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podium-linear-'));
    try {
      const train = regressionData(500, 8);
      const model = await linearFamily.fit(train, train, linearConfig('number', { l2: 0.1 }), { seed: 1 });
      assert.equal(model.backend, 'js');
      assert.equal(model.family, 'linear');
      await model.save(dir);
      const loaded = await linearFamily.load(dir, { task: 'number' });
      assert.deepEqual(await loaded.predictRaw(train.x), await model.predictRaw(train.x));
      await assert.rejects(
        linearFamily.load(dir, { task: 'binary' }),
        (error) => isPodiumError(error) && error.code === 'PACKAGE_INVALID',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('deterministic: the same data gives the same weights bit for bit', async () => {
    const train = regressionData(1000, 9, 2);
    const cfg = linearConfig('number', { l1: 0.01 });
    const a = await fitLinear(train, train, cfg, { seed: 1 });
    const b = await fitLinear(train, train, cfg, { seed: 2 });
    assert.deepEqual(a.coefficients(), b.coefficients());
  });

  test('an aborted signal cancels the fit', async () => {
    const controller = new AbortController();
    controller.abort();
    const train = regressionData(100, 10);
    await assert.rejects(
      linearFamily.fit(train, train, linearConfig('number', { l1: 0.01 }), {
        seed: 1,
        signal: controller.signal,
      }),
      (error) => isPodiumError(error) && error.code === 'CANCELLED',
    );
  });
});
