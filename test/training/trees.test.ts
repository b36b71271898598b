import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, type Random } from '../../main/common/random.js';
import { computeMetrics } from '../../main/training/index.js';
import { fitGbm, fitRandomForest } from '../../main/training/trees/index.js';
import type {
  EncodedMatrix,
  EncodedTarget,
  ModelConfig,
  Task,
  TreeSettings,
} from '../../main/training/types.js';
import { config } from './fixtures.js';

/**
 * Tree ensembles on data whose right answer is known, and against scikit-learn 1.2 on the same
 * rows: the generators below draw from `createRandom` in the same order as the Python port of
 * mulberry32 that computed the reference numbers (scikit-learn lines quoted beside each).
 */
type Data = { x: EncodedMatrix; y: EncodedTarget };

function data(
  task: Task,
  columns: number[][],
  y: number[],
  categorical: number[][] = [],
  classes?: string[],
): Data {
  const rows = y.length;
  const width = columns.length;
  const numeric = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) numeric[i * width + j] = columns[j][i];
  return {
    x: {
      rows,
      numeric,
      numericWidth: width,
      numericNames: columns.map((_, j) => `x${j + 1}`),
      categorical: categorical.map((codes) => Int32Array.from(codes)),
      categoricalCardinalities: categorical.map((codes) => Math.max(...codes) + 1),
      categoricalNames: categorical.map((_, c) => `c${c + 1}`),
    },
    y: classes ? { task, values: Float32Array.from(y), classes } : { task, values: Float32Array.from(y) },
  };
}

function treeConfig(family: 'gbm' | 'random_forest', task: Task, trees: TreeSettings = {}): ModelConfig {
  return config([{ name: 'a', type: 'number' }], { name: 'y', type: task }, { model_type: family, trees });
}

/** y = 2 sin(x1) + x2² + 0.5 x3 + 0.2 (u − 0.5), x uniform on [−2, 2]. */
function additive(rows: number, seed: number): Data {
  const random = createRandom(seed);
  const columns: number[][] = [[], [], []];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const [x1, x2, x3] = [random.next() * 4 - 2, random.next() * 4 - 2, random.next() * 4 - 2];
    const noise = random.next() - 0.5;
    columns[0].push(x1);
    columns[1].push(x2);
    columns[2].push(x3);
    y.push(2 * Math.sin(x1) + x2 * x2 + 0.5 * x3 + 0.2 * noise);
  }
  return data('number', columns, y);
}

/** P(y = 1) = 0.8 when x1 > 0.5, else 0.2; x2 is noise. Bayes accuracy 0.8. */
function bayes(rows: number, seed: number): Data {
  const random = createRandom(seed);
  const columns: number[][] = [[], []];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const x1 = random.next();
    const x2 = random.next();
    const u = random.next();
    columns[0].push(x1);
    columns[1].push(x2);
    y.push(u < (x1 > 0.5 ? 0.8 : 0.2) ? 1 : 0);
  }
  return data('binary', columns, y, [], ['no', 'yes']);
}

function xor(rows: number, random: Random): Data {
  const columns: number[][] = [[], []];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const x1 = random.next() * 2 - 1;
    const x2 = random.next() * 2 - 1;
    columns[0].push(x1);
    columns[1].push(x2);
    y.push(x1 > 0 !== x2 > 0 ? 1 : 0);
  }
  return data('binary', columns, y, [], ['same', 'different']);
}

async function r2(
  model: { predictRaw(x: EncodedMatrix): Promise<Float32Array> },
  set: Data,
): Promise<number> {
  const predicted = await model.predictRaw(set.x);
  return computeMetrics('number', set.y.values, predicted).values.r2;
}

function accuracy(probabilities: Float32Array, y: Float32Array): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) right += (probabilities[i] > 0.5 ? 1 : 0) === y[i] ? 1 : 0;
  return right / y.length;
}

function logLoss(probabilities: Float32Array, y: Float32Array): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) total -= Math.log(y[i] === 1 ? probabilities[i] : 1 - probabilities[i]);
  return total / y.length;
}

describe('tree ensembles: known answers', () => {
  test('the generators match the Python port used for the scikit-learn references', () => {
    // python: additive(4000, 1)[0][0], [1][0] → [0.5082958, -1.9890571, 0.10978816], 5.080830830495371
    const set = additive(1, 1);
    const expected = [0.5082958, -1.9890571, 0.10978816];
    expected.forEach((value, j) => {
      assert.ok(Math.abs(set.x.numeric[j] - value) < 1e-6);
    });
    assert.ok(Math.abs(set.y.values[0] - 5.080830830495371) < 1e-6);
  });

  test('one stump recovers a step exactly: threshold halfway between the two grid values', async () => {
    // 200 distinct x (one bin each), y jumps from 1 to 4 between x = 0.370 and x = 0.375.
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 200) / 200);
    const train = data(
      'number',
      [xs],
      xs.map((x) => (x > 0.372 ? 4 : 1)),
    );
    const settings = {
      max_iter: 1,
      learning_rate: 1,
      max_depth: 1,
      min_samples_leaf: 1,
      n_iter_no_change: 0,
    };
    const model = await fitGbm(train, train, treeConfig('gbm', 'number', settings), { seed: 1 });
    assert.equal(model.nodes, 3);
    const probe = data('number', [[0.37, 0.3724, 0.3726, 0.375, 0, 1]], [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(await model.predictRaw(probe.x)), [1, 1, 4, 4, 1, 4]);
    const forest = await fitRandomForest(
      train,
      train,
      treeConfig('random_forest', 'number', { max_depth: 1 }),
      {
        seed: 1,
      },
    );
    // A bootstrap sample may miss x = 0.370 or 0.375 and cut one grid step off: a few trees in 100.
    const averaged = await forest.predictRaw(probe.x);
    [1, 1, 4, 4, 1, 4].forEach((expected, i) => {
      assert.ok(Math.abs(averaged[i] - expected) < 0.1);
    });
    assert.equal(averaged[4], 1);
    assert.equal(averaged[5], 4);
  });

  const XOR_ITERATIONS = 100;
  test('XOR needs depth 2: stumps stay at chance, depth-2 trees solve it', async () => {
    const random = createRandom(5);
    const train = xor(2000, random);
    const test = xor(2000, random);
    const fit = (max_depth: number) =>
      fitGbm(
        train,
        test,
        treeConfig('gbm', 'binary', { max_depth, max_iter: XOR_ITERATIONS, n_iter_no_change: 0 }),
        {
          seed: 1,
        },
      );
    const stumps = accuracy(await (await fit(1)).predictRaw(test.x), test.y.values);
    const deeper = accuracy(await (await fit(2)).predictRaw(test.x), test.y.values);
    assert.ok(stumps < 0.65, `stumps ${stumps}`);
    assert.ok(deeper > 0.97, `depth 2 ${deeper}`);
  });

  test('additive regression matches scikit-learn HistGradientBoosting and RandomForest', async () => {
    const train = additive(4000, 1);
    const test = additive(2000, 2);
    const full = await fitGbm(train, test, treeConfig('gbm', 'number', { n_iter_no_change: 0 }), { seed: 1 });
    // HistGradientBoostingRegressor(max_iter=200, early_stopping=False) → test R² 0.99730
    assert.ok(Math.abs((await r2(full, test)) - 0.9973) < 0.003, `gbm ${await r2(full, test)}`);
    const stumps = await fitGbm(
      train,
      test,
      treeConfig('gbm', 'number', { max_depth: 1, n_iter_no_change: 0 }),
      {
        seed: 1,
      },
    );
    // HistGradientBoostingRegressor(max_depth=1, max_iter=200, early_stopping=False) → 0.99069
    assert.ok(Math.abs((await r2(stumps, test)) - 0.9907) < 0.005, `stumps ${await r2(stumps, test)}`);
    const forest = await fitRandomForest(train, test, treeConfig('random_forest', 'number'), { seed: 1 });
    // RandomForestRegressor(n_estimators=100, min_samples_leaf=5, max_features=1.0) → 0.99295
    assert.ok(Math.abs((await r2(forest, test)) - 0.993) < 0.005, `forest ${await r2(forest, test)}`);
  });

  test('binary with a known Bayes rate (0.8) is learnt to about that rate, like scikit-learn', async () => {
    const train = bayes(4000, 3);
    const test = bayes(4000, 4);
    // The Bayes rule scores 0.807 on these test rows; log-loss at the true probabilities ≈ 0.50.
    const gbm = await fitGbm(train, test, treeConfig('gbm', 'binary', { n_iter_no_change: 0 }), { seed: 1 });
    const gbmP = await gbm.predictRaw(test.x);
    // HistGradientBoostingClassifier(max_iter=200, early_stopping=False) → accuracy 0.78675, log-loss 0.5391
    assert.ok(accuracy(gbmP, test.y.values) > 0.775, `gbm accuracy ${accuracy(gbmP, test.y.values)}`);
    assert.ok(logLoss(gbmP, test.y.values) < 0.56, `gbm log-loss ${logLoss(gbmP, test.y.values)}`);
    const stopped = await fitGbm(train, test, treeConfig('gbm', 'binary'), { seed: 1 });
    const stoppedP = await stopped.predictRaw(test.x);
    assert.ok(
      accuracy(stoppedP, test.y.values) > 0.795,
      `early-stopped accuracy ${accuracy(stoppedP, test.y.values)}`,
    );
    const forest = await fitRandomForest(train, test, treeConfig('random_forest', 'binary'), { seed: 1 });
    const forestP = await forest.predictRaw(test.x);
    // RandomForestClassifier(n_estimators=100, min_samples_leaf=5) → accuracy 0.80025, log-loss 0.5184
    assert.ok(
      accuracy(forestP, test.y.values) > 0.785,
      `forest accuracy ${accuracy(forestP, test.y.values)}`,
    );
    assert.ok(logLoss(forestP, test.y.values) < 0.54, `forest log-loss ${logLoss(forestP, test.y.values)}`);
  });

  test('softmax boosting and a classification forest separate three classes; probabilities sum to 1', async () => {
    const random = createRandom(11);
    const make = (rows: number) => {
      const x: number[] = [];
      const codes: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < rows; i++) {
        const value = random.next();
        const code = 1 + random.int(4);
        x.push(value);
        codes.push(code);
        // The class depends on the number and, for categories 3 and 4, flips to class 2.
        y.push(code >= 3 ? 2 : value < 0.5 ? 0 : 1);
      }
      return data('category', [x], y, [codes], ['a', 'b', 'c']);
    };
    const train = make(3000);
    const test = make(1000);
    for (const model of [
      await fitGbm(train, test, treeConfig('gbm', 'category'), { seed: 1 }),
      await fitRandomForest(train, test, treeConfig('random_forest', 'category'), { seed: 1 }),
    ]) {
      const p = await model.predictRaw(test.x);
      let right = 0;
      for (let i = 0; i < test.x.rows; i++) {
        const row = Array.from(p.subarray(i * 3, i * 3 + 3));
        assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5);
        right += row.indexOf(Math.max(...row)) === test.y.values[i] ? 1 : 0;
      }
      assert.ok(right / test.x.rows > 0.98, `${model.family} accuracy ${right / test.x.rows}`);
    }
  });

  test('a categorical feature splits natively: any subset of categories in one split', async () => {
    // Categories 2, 5 and 7 (not contiguous indices) have the high mean.
    const random = createRandom(3);
    const codes = Array.from({ length: 2000 }, () => 1 + random.int(8));
    const y = codes.map((code) => ([2, 5, 7].includes(code) ? 10 : 0));
    const train = data('number', [codes.map(() => 0)], y, [codes]);
    const settings = { max_iter: 1, learning_rate: 1, max_depth: 1, n_iter_no_change: 0 };
    const model = await fitGbm(train, train, treeConfig('gbm', 'number', settings), { seed: 1 });
    assert.equal(model.nodes, 3);
    const predicted = await model.predictRaw(train.x);
    y.forEach((expected, i) => {
      assert.ok(Math.abs(predicted[i] - expected) < 1e-6);
    });
  });
});
