import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { getTf } from '../../main/training/backend.js';
import { defaultEmbeddingSize, ecdFamily, loadEcdScorer } from '../../main/training/ecd/index.js';
import type {
  EncodedMatrix,
  EncodedTarget,
  EpochReport,
  FittedModel,
  ModelConfig,
  Task,
} from '../../main/training/types.js';

/** `truth`: the noise-free signal per row (binary: P(class 1)), for an oracle to compare with. */
type Split = { x: EncodedMatrix; y: EncodedTarget; truth: Float32Array };

const NUMERIC = 6;
const CARDINALITIES = [5, 9, 13];
const dirs: string[] = [];

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-ecd-'));
  dirs.push(dir);
  return dir;
}

/**
 * A table with a known signal: a linear score in the numeric columns, an effect per category,
 * and an interaction the network can find. `signal: false` keeps the columns but draws the
 * target independently of them.
 */
function synthetic(task: Task, rows: number, seed: number, signal = true): Split {
  const random = createRandom(seed);
  const numeric = new Float32Array(rows * NUMERIC);
  const categorical = CARDINALITIES.map(() => new Int32Array(rows));
  const values = new Float32Array(rows);
  const truth = new Float32Array(rows);
  const coef = [1.5, -1.0, 0.8, 0.0, 0.5, -0.6];
  for (let i = 0; i < rows; i++) {
    let score = 0;
    for (let j = 0; j < NUMERIC; j++) {
      const value = random.normal();
      numeric[i * NUMERIC + j] = value;
      score += coef[j] * value;
    }
    score += 0.7 * numeric[i * NUMERIC] * numeric[i * NUMERIC + 1];
    CARDINALITIES.forEach((cardinality, k) => {
      const index = 1 + random.int(cardinality - 1);
      categorical[k][i] = index;
      score += 1.2 * Math.sin(index * (k + 1.3));
    });
    if (!signal) score = 0;
    truth[i] = task === 'binary' ? 1 / (1 + Math.exp(-score)) : score;
    if (task === 'binary') values[i] = random.next() < truth[i] ? 1 : 0;
    else if (task === 'number') values[i] = (score + 0.3 * random.normal()) / 2.5;
    else values[i] = score < -1 ? 0 : score < 1 ? 1 : 2;
  }
  return {
    x: {
      rows,
      numeric,
      numericWidth: NUMERIC,
      numericNames: coef.map((_, j) => `n${j}`),
      categorical,
      categoricalCardinalities: CARDINALITIES,
      categoricalNames: CARDINALITIES.map((_, k) => `c${k}`),
    },
    y: {
      task,
      values,
      ...(task === 'binary'
        ? { classes: ['no', 'yes'] }
        : task === 'category'
          ? { classes: ['lo', 'mid', 'hi'] }
          : {}),
    },
    truth,
  };
}

function slice(split: Split, start: number, end: number): Split {
  return {
    x: {
      ...split.x,
      rows: end - start,
      numeric: split.x.numeric.slice(start * split.x.numericWidth, end * split.x.numericWidth),
      categorical: split.x.categorical.map((column) => column.slice(start, end)),
    },
    y: { ...split.y, values: split.y.values.slice(start, end) },
    truth: split.truth.slice(start, end),
  };
}

/** train / validation / test in 60 / 20 / 20. */
function splits(task: Task, rows: number, seed: number, signal = true): [Split, Split, Split] {
  const all = synthetic(task, rows, seed, signal);
  const a = Math.floor(rows * 0.6);
  const b = Math.floor(rows * 0.8);
  return [slice(all, 0, a), slice(all, a, b), slice(all, b, rows)];
}

function config(task: Task, change: (c: ModelConfig) => void = () => {}): ModelConfig {
  const c: ModelConfig = {
    model_type: 'ecd',
    input_features: [],
    output_features: [{ name: 'target', type: task }],
    combiner: { type: 'concat', fc_layers: [{ output_size: 32 }, { output_size: 16 }], dropout: 0.1 },
    trainer: {
      epochs: 100,
      batch_size: 128,
      learning_rate: 0.003,
      optimizer: 'adam',
      early_stop: 5,
      l1: 0,
      l2: 0,
    },
    preprocessing: { split: { type: 'random', probabilities: [0.6, 0.2, 0.2] } },
    seed: 7,
  };
  change(c);
  return c;
}

function trainerConfig(task: Task, trainer: Partial<ModelConfig['trainer']>): ModelConfig {
  return config(task, (c) => {
    Object.assign(c.trainer, trainer);
  });
}

function accuracy(predictions: Float32Array, y: EncodedTarget, classes: number): number {
  let correct = 0;
  for (let i = 0; i < y.values.length; i++) {
    let predicted = 0;
    if (classes === 2) predicted = predictions[i] > 0.5 ? 1 : 0;
    else {
      for (let c = 1; c < classes; c++) {
        if (predictions[i * classes + c] > predictions[i * classes + predicted]) predicted = c;
      }
    }
    if (predicted === y.values[i]) correct++;
  }
  return correct / y.values.length;
}

async function withModel<T>(model: FittedModel, use: (model: FittedModel) => Promise<T>): Promise<T> {
  try {
    return await use(model);
  } finally {
    model.dispose();
  }
}

test('binary: learns a logistic signal with category effects and reports every epoch', async () => {
  const [train, validation, holdout] = splits('binary', 5000, 1);
  const reports: EpochReport[] = [];
  const model = await ecdFamily.fit(train, validation, config('binary'), {
    seed: 1,
    onEpoch: (report) => reports.push(report),
  });
  await withModel(model, async () => {
    assert.equal(model.family, 'ecd');
    assert.equal(model.backend, (await getTf()).getBackend());
    const p = await model.predictRaw(holdout.x);
    assert.equal(p.length, holdout.x.rows);
    assert.ok(p.every((value) => value >= 0 && value <= 1));
    // The oracle knows the true probabilities; no model can beat it on average.
    const oracle = accuracy(holdout.truth, holdout.y, 2);
    const acc = accuracy(p, holdout.y, 2);
    assert.ok(acc > oracle - 0.03, `accuracy ${acc}, oracle ${oracle}`);
  });
  assert.deepEqual(
    reports.map((r) => r.epoch),
    reports.map((_, i) => i + 1),
  );
  assert.ok(
    reports.every(
      (r) => r.totalEpochs === 100 && Number.isFinite(r.loss) && Number.isFinite(r.validationLoss),
    ),
  );
  assert.ok(reports.at(-1)!.loss < reports[0].loss, 'training loss falls');
});

test('number: regression on a z-scored target reaches a high R²', async () => {
  const [train, validation, holdout] = splits('number', 4000, 2);
  const model = await ecdFamily.fit(train, validation, config('number'), { seed: 2 });
  await withModel(model, async () => {
    const p = await model.predictRaw(holdout.x);
    assert.equal(p.length, holdout.x.rows);
    const y = holdout.y.values;
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    let residual = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      residual += (y[i] - p[i]) ** 2;
      total += (y[i] - mean) ** 2;
    }
    const r2 = 1 - residual / total;
    assert.ok(r2 > 0.9, `R² ${r2}`);
  });
});

test('category: three classes, rows × classes probabilities summing to 1', async () => {
  const [train, validation, holdout] = splits('category', 4000, 3);
  const model = await ecdFamily.fit(train, validation, config('category'), { seed: 3 });
  await withModel(model, async () => {
    const p = await model.predictRaw(holdout.x);
    assert.equal(p.length, holdout.x.rows * 3);
    for (let i = 0; i < holdout.x.rows; i++) {
      assert.ok(Math.abs(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2] - 1) < 1e-4);
    }
    const acc = accuracy(p, holdout.y, 3);
    assert.ok(acc > 0.8, `accuracy ${acc}`);
  });
});

test('deterministic: same data, config and seed give identical epochs and predictions', async () => {
  const [train, validation, holdout] = splits('binary', 2000, 4);
  const run = async (seed: number) => {
    const reports: EpochReport[] = [];
    const model = await ecdFamily.fit(train, validation, config('binary'), {
      seed,
      onEpoch: (r) => reports.push(r),
    });
    return withModel(model, async () => ({ reports, predictions: await model.predictRaw(holdout.x) }));
  };
  const first = await run(11);
  const second = await run(11);
  const other = await run(12);
  assert.deepEqual(second.reports, first.reports);
  assert.deepEqual(Buffer.from(second.predictions.buffer), Buffer.from(first.predictions.buffer));
  assert.notDeepEqual(Buffer.from(other.predictions.buffer), Buffer.from(first.predictions.buffer));
});

test('save writes model.json + weights.bin and load predicts exactly the same', async () => {
  const [train, validation, holdout] = splits('category', 1500, 5);
  const model = await ecdFamily.fit(
    train,
    validation,
    config('category', (c) => {
      c.trainer.epochs = 5;
      c.input_features = [{ name: 'c1', type: 'category', encoder: { embedding_size: 3 } }];
    }),
    { seed: 5 },
  );
  const dir = tempDir();
  const before = await withModel(model, async () => {
    await model.save(dir);
    return model.predictRaw(holdout.x);
  });
  assert.deepEqual(readdirSync(dir).sort(), ['ecd.json', 'model.json', 'weights.bin']);
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.equal(modelJson.format, 'layers-model');
  assert.deepEqual(modelJson.weightsManifest[0].paths, ['weights.bin']);
  const embeddingWidths = modelJson.modelTopology.config.layers
    .filter((layer: { class_name: string }) => layer.class_name === 'Embedding')
    .map((layer: { config: { output_dim: number } }) => layer.config.output_dim);
  assert.deepEqual(embeddingWidths, [defaultEmbeddingSize(5), 3, defaultEmbeddingSize(13)]);

  // On TensorFlow.js, the runtime that trained it, the saved files give back the same bits.
  const target = { task: 'category' as const, classes: ['lo', 'mid', 'hi'] };
  const loaded = await loadEcdScorer(dir, target, { scorer: 'tfjs', forced: true });
  await withModel(loaded, async () => {
    assert.equal(loaded.family, 'ecd');
    const after = await loaded.predictRaw(holdout.x);
    assert.deepEqual(Buffer.from(after.buffer), Buffer.from(before.buffer));
  });
  // The default scorer, ONNX Runtime, runs the same float32 layers but sums its matrix products
  // in another order, so the last bits may differ: within a relative 1e-5, not bit for bit.
  const served = await ecdFamily.load(dir, target);
  await withModel(served, async () => {
    assert.equal(served.backend, 'onnxruntime');
    const after = await served.predictRaw(holdout.x);
    assert.equal(after.length, before.length);
    for (let i = 0; i < after.length; i++) {
      assert.ok(Math.abs(after[i] - before[i]) <= 1e-5 * Math.max(Math.abs(before[i]), 1e-6), `value ${i}`);
    }
  });
  await assert.rejects(ecdFamily.load(dir, { task: 'binary' }), { code: 'PACKAGE_INVALID' });
  await assert.rejects(ecdFamily.load(tempDir(), { task: 'category' }), { code: 'PACKAGE_INVALID' });
});

test('default embedding width follows min(16, round(1.6·n^0.56))', () => {
  assert.equal(defaultEmbeddingSize(2), 2);
  assert.equal(defaultEmbeddingSize(5), 4);
  assert.equal(defaultEmbeddingSize(50), 14);
  assert.equal(defaultEmbeddingSize(10_000), 16);
});

test('early stopping: stops before the epoch limit when validation loss stalls, keeping the best epoch', async () => {
  const [train, validation] = splits('binary', 2000, 6, false);
  const reports: EpochReport[] = [];
  const model = await ecdFamily.fit(
    train,
    validation,
    config('binary', (c) => {
      c.trainer.early_stop = 3;
      c.trainer.learning_rate = 0.01;
    }),
    { seed: 6, onEpoch: (r) => reports.push(r) },
  );
  await withModel(model, async () => {
    assert.ok(reports.length < 100, `ran ${reports.length} epochs`);
    const best = Math.min(...reports.map((r) => r.validationLoss));
    // The returned weights are the best epoch's: their validation log loss is the best reported.
    const p = await model.predictRaw(validation.x);
    let loss = 0;
    validation.y.values.forEach((y, i) => {
      loss -= y === 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
    });
    loss /= validation.x.rows;
    assert.ok(Math.abs(loss - best) < 1e-4, `validation loss ${loss} vs best ${best}`);
  });

  const all: EpochReport[] = [];
  const full = await ecdFamily.fit(
    train,
    validation,
    config('binary', (c) => {
      c.trainer.early_stop = -1;
      c.trainer.epochs = 12;
      c.trainer.learning_rate = 0.01;
    }),
    { seed: 6, onEpoch: (r) => all.push(r) },
  );
  full.dispose();
  assert.equal(all.length, 12, 'early_stop -1 runs every epoch');
});

test('L2 regularisation shrinks the network towards the base rate', async () => {
  const [train, validation, holdout] = splits('binary', 1500, 8);
  const spread = async (l2: number) => {
    const model = await ecdFamily.fit(
      train,
      validation,
      config('binary', (c) => {
        c.trainer.l2 = l2;
        c.trainer.epochs = 10;
        c.trainer.early_stop = -1;
      }),
      { seed: 8 },
    );
    return withModel(model, async () => {
      const p = await model.predictRaw(holdout.x);
      const mean = p.reduce((s, v) => s + v, 0) / p.length;
      return Math.sqrt(p.reduce((s, v) => s + (v - mean) ** 2, 0) / p.length);
    });
  };
  const free = await spread(0);
  const penalised = await spread(1);
  assert.ok(penalised < free / 2, `spread ${penalised} vs ${free}`);
});

test('cancel: an abort between batches throws CANCELLED and leaks no tensors', async () => {
  const tf = await getTf();
  const [train, validation] = splits('binary', 3000, 9);
  // Warm-up so lazily created backend state is not counted as a leak.
  (await ecdFamily.fit(train, validation, trainerConfig('binary', { epochs: 1 }), { seed: 9 })).dispose();
  const tensorsBefore = tf.memory().numTensors;

  const fromEpoch = new AbortController();
  let epochsSeen = 0;
  await assert.rejects(
    ecdFamily.fit(train, validation, config('binary'), {
      seed: 9,
      signal: fromEpoch.signal,
      onEpoch: () => {
        epochsSeen++;
        fromEpoch.abort();
      },
    }),
    { code: 'CANCELLED' },
  );
  assert.equal(epochsSeen, 1);
  assert.equal(tf.memory().numTensors, tensorsBefore);

  // An abort delivered by the event loop (as a worker's message would be) is seen mid-epoch.
  const fromTimer = new AbortController();
  setTimeout(() => fromTimer.abort(), 30);
  const started = Date.now();
  await assert.rejects(
    ecdFamily.fit(train, validation, trainerConfig('binary', { early_stop: -1 }), {
      seed: 9,
      signal: fromTimer.signal,
    }),
    { code: 'CANCELLED' },
  );
  assert.ok(Date.now() - started < 2000);
  assert.equal(tf.memory().numTensors, tensorsBefore);

  await assert.rejects(
    ecdFamily.fit(train, validation, config('binary'), { seed: 9, signal: AbortSignal.abort() }),
    { code: 'CANCELLED' },
  );
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

test('fit, predict, save, load and dispose leave no tensors behind', async () => {
  const tf = await getTf();
  const [train, validation, holdout] = splits('number', 1000, 10);
  const quick = trainerConfig('number', { epochs: 3 });
  (await ecdFamily.fit(train, validation, quick, { seed: 10 })).dispose();
  const tensorsBefore = tf.memory().numTensors;
  const model = await ecdFamily.fit(train, validation, quick, { seed: 10 });
  await model.predictRaw(holdout.x);
  const dir = tempDir();
  await model.save(dir);
  model.dispose();
  // TensorFlow.js's load path is the one that holds tensors (the default, ONNX Runtime, holds none).
  const loaded = await loadEcdScorer(dir, { task: 'number' }, { scorer: 'tfjs', forced: true });
  await loaded.predictRaw(holdout.x);
  loaded.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore);
  await assert.rejects(loaded.predictRaw(holdout.x), { code: 'INTERNAL' });
});

test('bad input is a TRAINING_FAILED error naming the problem', async () => {
  const [train, validation, holdout] = splits('binary', 300, 12);
  const narrow = {
    ...validation,
    x: { ...validation.x, numericWidth: 2, numeric: validation.x.numeric.slice(0, 2 * 60) },
  };
  await assert.rejects(ecdFamily.fit(train, narrow, config('binary'), { seed: 1 }), {
    code: 'TRAINING_FAILED',
    message: /numeric/,
  });
  const badTarget = { ...train, y: { ...train.y, values: train.y.values.map(() => 3) } };
  await assert.rejects(ecdFamily.fit(badTarget, validation, config('binary'), { seed: 1 }), {
    code: 'TRAINING_FAILED',
  });
  await assert.rejects(
    ecdFamily.fit(train, validation, trainerConfig('binary', { learning_rate: 0 }), { seed: 1 }),
    { code: 'TRAINING_FAILED', message: /learning_rate/ },
  );
  const model = await ecdFamily.fit(train, validation, trainerConfig('binary', { epochs: 1 }), {
    seed: 1,
  });
  await withModel(model, async () => {
    await assert.rejects(model.predictRaw(narrow.x), { code: 'TRAINING_FAILED' });
    // An index beyond the embedding table is read as "unknown" rather than failing.
    const unseen = { ...holdout.x, categorical: holdout.x.categorical.map((c) => c.map(() => 999)) };
    const p = await model.predictRaw(unseen);
    assert.ok(p.every((v) => Number.isFinite(v)));
  });
});
