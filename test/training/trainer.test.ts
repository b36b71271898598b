import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import { ingestCsv } from '../../main/data/index.js';
import type { DatasetSnapshot } from '../../main/data/types.js';
import {
  generateModelConfig,
  type TrainingProgress,
  trainInProcess,
  trainModel,
  validateModelConfig,
} from '../../main/training/index.js';
import { churnCsv } from './fixtures.js';

describe('trainModel (worker thread)', () => {
  let dir: string;
  let snapshot: DatasetSnapshot;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-trainer-'));
    await writeFile(join(dir, 'churn.csv'), churnCsv(600));
    snapshot = await ingestCsv(join(dir, 'churn.csv'), {
      datasetsDir: join(dir, 'datasets'),
      target: 'churn',
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const request = (
    packageDir: string,
    modelType: 'linear' | 'ecd' = 'linear',
    extra: Record<string, unknown> = {},
  ) => {
    const generated = generateModelConfig(snapshot.profile, 'churn', { modelType, seed: 42 });
    const config = validateModelConfig({ ...generated, ...extra });
    return {
      config,
      datasetPath: snapshot.path,
      profile: snapshot.profile,
      packageDir: join(dir, packageDir),
    };
  };

  test('trains a linear model, reports progress and writes a complete package', async () => {
    const progress: TrainingProgress[] = [];
    const result = await trainModel(request('pkg-linear'), { onProgress: (p) => progress.push(p) });
    assert.equal(result.task, 'binary');
    assert.equal(result.family, 'linear');
    assert.equal(result.backend, 'js');
    assert.equal(result.stoppedEarly, false);
    assert.deepEqual(
      result.history.map((h) => h.epoch),
      [1],
    );
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const name of ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc', 'log_loss']) {
        assert.equal(typeof result.metrics[split][name], 'number', `${split}.${name}`);
      }
    }
    assert.ok(result.metrics.test.roc_auc > 0.7, `test roc_auc ${result.metrics.test.roc_auc}`);
    const { train, validation, test: testRows } = result.splitSizes;
    assert.equal(train + validation + testRows, 600);
    assert.equal(testRows, 90);
    const matrix = result.confusionMatrix ?? [];
    assert.equal(
      matrix.flat().reduce((a, b) => a + b, 0),
      testRows,
    );
    assert.deepEqual(result.signature.output, { name: 'churn', type: 'binary', classes: ['no', 'yes'] });
    assert.deepEqual(
      result.signature.inputs.map((input) => input.name),
      ['age', 'income', 'plan', 'member', 'signup'],
    );
    assert.ok(progress.some((p) => p.step === 'epoch' && p.current === 1 && p.total === 1));
    assert.ok(progress.some((p) => p.step === 'loading'));

    const files = (await readdir(join(dir, 'pkg-linear'), { recursive: true })).sort();
    assert.deepEqual(files, [
      'model',
      'model/family.json',
      'model/linear.json',
      'preprocessing.json',
      'signature.json',
    ]);
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('.podium-tmp-')),
      [],
    );
  });

  test('deterministic: the same data, config and seed give identical metrics and weights', async () => {
    const a = await trainModel(request('det-a'));
    const b = await trainModel(request('det-b'));
    const c = await trainInProcess(request('det-c'));
    assert.deepEqual(a.metrics, b.metrics);
    assert.deepEqual(a.metrics, c.metrics);
    const weights = (name: string) => readFile(join(dir, name, 'model', 'linear.json'), 'utf8');
    assert.equal(await weights('det-a'), await weights('det-b'));
  });

  test('cancelling rejects with CANCELLED and leaves no package folder behind', async () => {
    const controller = new AbortController();
    const packageDir = join(dir, 'pkg-cancelled');
    await assert.rejects(
      trainModel(request('pkg-cancelled'), {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
      (error) => isPodiumError(error) && error.code === 'CANCELLED',
    );
    await assert.rejects(readdir(packageDir), { code: 'ENOENT' });
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('.podium-tmp-')),
      [],
    );
  });

  test('an already aborted signal never starts a worker', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(trainModel(request('pkg-never'), { signal: controller.signal }), {
      code: 'CANCELLED',
    });
  });

  test('errors in the worker arrive as PodiumErrors; a non-empty package folder is refused', async () => {
    const bad = request('pkg-bad');
    bad.config = validateModelConfig({
      ...bad.config,
      input_features: [{ name: 'no_such_column', type: 'number' }],
    });
    await assert.rejects(trainModel(bad), (error) => {
      assert.ok(isPodiumError(error));
      assert.equal(error.code, 'DATA_INVALID');
      assert.match(error.message, /no_such_column/);
      return true;
    });
    await assert.rejects(readdir(join(dir, 'pkg-bad')), { code: 'ENOENT' });

    await mkdir(join(dir, 'pkg-full'));
    await writeFile(join(dir, 'pkg-full', 'keep.txt'), 'mine');
    await assert.rejects(trainModel(request('pkg-full')), { code: 'CONFLICT' });
    assert.equal(await readFile(join(dir, 'pkg-full', 'keep.txt'), 'utf8'), 'mine');
  });

  test('ecd: trains in the worker, deterministic for a seed, cancellable mid-training', async () => {
    const trainer = { epochs: 3, batch_size: 64, early_stop: -1 };
    const a = await trainModel(request('ecd-a', 'ecd', { trainer }));
    const b = await trainModel(request('ecd-b', 'ecd', { trainer }));
    assert.equal(a.family, 'ecd');
    assert.equal(a.history.length, 3);
    assert.equal(typeof a.metrics.test.roc_auc, 'number');
    assert.deepEqual(a.metrics, b.metrics);
    assert.equal(a.backend, b.backend);

    const controller = new AbortController();
    const epochs: number[] = [];
    await assert.rejects(
      trainModel(request('ecd-cancelled', 'ecd', { trainer: { epochs: 500, early_stop: -1 } }), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step !== 'epoch') return;
          epochs.push(p.current);
          if (p.current === 2) controller.abort();
        },
      }),
      { code: 'CANCELLED' },
    );
    assert.ok(epochs.length < 500);
    await assert.rejects(readdir(join(dir, 'ecd-cancelled')), { code: 'ENOENT' });
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('.podium-tmp-')),
      [],
    );
  });
});
