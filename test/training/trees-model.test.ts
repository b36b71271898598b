import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { isPodiumError } from '../../main/contract/errors.js';
import { familyFor, validateModelConfig } from '../../main/training/index.js';
import { fitGbm, fitRandomForest, resolveTreeSettings } from '../../main/training/trees/index.js';
import type {
  EncodedMatrix,
  EncodedTarget,
  ModelConfig,
  Task,
  TreeSettings,
} from '../../main/training/types.js';
import { config } from './fixtures.js';

/** Determinism, persistence, early stopping, cancelling and settings of the tree families. */
function dataset(task: Task, rows: number, seed: number): { x: EncodedMatrix; y: EncodedTarget } {
  const random = createRandom(seed);
  const width = 3;
  const numeric = new Float32Array(rows * width);
  const codes = new Int32Array(rows);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < width; j++) numeric[i * width + j] = random.normal();
    codes[i] = random.int(5);
    const score = numeric[i * width] - numeric[i * width + 1] + (codes[i] % 2) + 0.5 * random.normal();
    y[i] =
      task === 'number'
        ? score
        : task === 'binary'
          ? score > 0.5
            ? 1
            : 0
          : score < 0
            ? 0
            : score < 1
              ? 1
              : 2;
  }
  const x: EncodedMatrix = {
    rows,
    numeric,
    numericWidth: width,
    numericNames: ['a', 'b', 'c'],
    categorical: [codes],
    categoricalCardinalities: [5],
    categoricalNames: ['d'],
  };
  const classes = task === 'binary' ? ['n', 'y'] : task === 'category' ? ['lo', 'mid', 'hi'] : undefined;
  return { x, y: classes ? { task, values: y, classes } : { task, values: y } };
}

function treeConfig(family: 'gbm' | 'random_forest', task: Task, trees: TreeSettings = {}): ModelConfig {
  return config([{ name: 'a', type: 'number' }], { name: 'y', type: task }, { model_type: family, trees });
}

const tasks: Task[] = ['number', 'binary', 'category'];

describe('tree ensembles: behaviour', () => {
  test('same seed, same predictions; another seed changes a forest', async () => {
    const train = dataset('number', 1500, 1);
    const valid = dataset('number', 300, 2);
    const forestConfig = treeConfig('random_forest', 'number', { n_estimators: 20, max_features: 'sqrt' });
    const a = await (await fitRandomForest(train, valid, forestConfig, { seed: 7 })).predictRaw(valid.x);
    const b = await (await fitRandomForest(train, valid, forestConfig, { seed: 7 })).predictRaw(valid.x);
    const c = await (await fitRandomForest(train, valid, forestConfig, { seed: 8 })).predictRaw(valid.x);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const gbmConfig = treeConfig('gbm', 'number');
    const g1 = await (await fitGbm(train, valid, gbmConfig, { seed: 7 })).predictRaw(valid.x);
    const g2 = await (await fitGbm(train, valid, gbmConfig, { seed: 7 })).predictRaw(valid.x);
    assert.deepEqual(g1, g2);
  });

  for (const family of ['gbm', 'random_forest'] as const) {
    test(`${family}: save and load give identical predictions for every task`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'podium-trees-'));
      try {
        for (const task of tasks) {
          const train = dataset(task, 800, 3);
          const valid = dataset(task, 200, 4);
          const implementation = await familyFor(family);
          const model = await implementation.fit(
            train,
            valid,
            treeConfig(family, task, { n_estimators: 10 }),
            {
              seed: 1,
            },
          );
          const taskDir = join(dir, task);
          await (await import('node:fs/promises')).mkdir(taskDir);
          await model.save(taskDir);
          assert.deepEqual((await readdir(taskDir)).sort(), ['trees.bin', 'trees.json']);
          const loaded = await implementation.load(taskDir, { task, classes: train.y.classes });
          assert.equal(loaded.family, family);
          assert.deepEqual(await loaded.predictRaw(valid.x), await model.predictRaw(valid.x));
          await assert.rejects(
            (await familyFor(family === 'gbm' ? 'random_forest' : 'gbm')).load(taskDir, { task }),
            (error) => isPodiumError(error) && error.code === 'PACKAGE_INVALID',
          );
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  test('early stopping stops well before max_iter and keeps the best iteration', async () => {
    // A target that is pure noise: validation loss stops improving after a few iterations.
    const train = dataset('number', 1000, 5);
    const valid = dataset('number', 500, 6);
    const random = createRandom(9);
    for (const set of [train, valid])
      for (let i = 0; i < set.y.values.length; i++) set.y.values[i] = random.normal();
    const epochs: { epoch: number; validationLoss: number }[] = [];
    const model = await fitGbm(train, valid, treeConfig('gbm', 'number', { max_iter: 200 }), {
      seed: 1,
      onEpoch: (report) => epochs.push(report),
    });
    assert.ok(epochs.length < 50, `${epochs.length} iterations`);
    assert.equal(epochs.length - model.iterations, 10);
    const best = Math.min(...epochs.map((e) => e.validationLoss));
    assert.equal(epochs[model.iterations - 1].validationLoss, best);
    assert.equal(model.trees, model.iterations);
  });

  for (const family of ['gbm', 'random_forest'] as const) {
    test(`${family}: cancelling mid-fit throws CANCELLED`, async () => {
      const train = dataset('binary', 1000, 1);
      const controller = new AbortController();
      let epochs = 0;
      await assert.rejects(
        (await familyFor(family)).fit(train, train, treeConfig(family, 'binary', { n_iter_no_change: 0 }), {
          seed: 1,
          signal: controller.signal,
          onEpoch: () => {
            epochs++;
            if (epochs === 3) setImmediate(() => controller.abort());
          },
        }),
        (error) => isPodiumError(error) && error.code === 'CANCELLED',
      );
      assert.ok(epochs >= 3 && epochs < 10, `${epochs} epochs before the cancel took effect`);
    });
  }

  test('settings: the trees section is optional, validated and defaulted per family', () => {
    const base = {
      input_features: [{ name: 'a', type: 'number' }],
      output_features: [{ name: 'y', type: 'number' }],
    };
    assert.equal(validateModelConfig({ ...base, model_type: 'gbm' }).trees, undefined);
    const parsed = validateModelConfig({
      ...base,
      model_type: 'random_forest',
      trees: { n_estimators: 50, max_features: 0.5 },
    });
    assert.deepEqual(parsed.trees, { n_estimators: 50, max_features: 0.5 });
    assert.throws(
      () => validateModelConfig({ ...base, model_type: 'gbm', trees: { max_iters: 5 } }),
      (error) =>
        isPodiumError(error) && error.code === 'MODEL_CONFIG_INVALID' && /max_iter/.test(error.message),
    );
    const gbm = resolveTreeSettings('gbm', 'number');
    assert.deepEqual(
      [gbm.maxIter, gbm.learningRate, gbm.maxLeafNodes, gbm.minSamplesLeaf, gbm.nIterNoChange],
      [200, 0.1, 31, 20, 10],
    );
    const forest = resolveTreeSettings('random_forest', 'binary');
    assert.deepEqual([forest.nEstimators, forest.minSamplesLeaf, forest.featuresPerSplit(16)], [100, 5, 4]);
    assert.equal(resolveTreeSettings('random_forest', 'number').featuresPerSplit(16), 16);
  });
});
