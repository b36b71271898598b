import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingestCsv } from '../../main/data/index.js';
import type { DatasetSnapshot } from '../../main/data/types.js';
import {
  generateModelConfig,
  type HyperoptTrial,
  runHyperopt,
  validateModelConfig,
} from '../../main/training/index.js';
import type { HyperoptConfig } from '../../main/training/types.js';
import { churnCsv } from './fixtures.js';

describe('runHyperopt', () => {
  let dir: string;
  let snapshot: DatasetSnapshot;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-hyperopt-'));
    await writeFile(join(dir, 'churn.csv'), churnCsv(400, 9));
    snapshot = await ingestCsv(join(dir, 'churn.csv'), {
      datasetsDir: join(dir, 'datasets'),
      target: 'churn',
    });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const request = (packageDir: string, hyperopt: Partial<HyperoptConfig>) => {
    const generated = generateModelConfig(snapshot.profile, 'churn', { modelType: 'linear', seed: 5 });
    return {
      config: validateModelConfig({ ...generated, hyperopt }),
      datasetPath: snapshot.path,
      profile: snapshot.profile,
      packageDir: join(dir, packageDir),
    };
  };

  test('random search: num_samples trials, seeded, best by the validation metric', async () => {
    const hyperopt = {
      metric: 'log_loss',
      goal: 'minimize' as const,
      num_samples: 4,
      parameters: { 'trainer.l2': { space: 'loguniform' as const, lower: 1e-4, upper: 10 } },
    };
    const seen: HyperoptTrial[] = [];
    const result = await runHyperopt(request('random', hyperopt), {
      onTrial: (trial) => void seen.push(trial),
    });
    assert.equal(result.trials.length, 4);
    assert.deepEqual(
      seen.map((trial) => trial.index),
      [0, 1, 2, 3],
    );
    const l2s = result.trials.map((trial) => trial.params['trainer.l2'] as number);
    assert.equal(new Set(l2s).size, 4);
    for (const [i, trial] of result.trials.entries()) {
      assert.ok(l2s[i] >= 1e-4 && l2s[i] <= 10);
      assert.equal(trial.config.trainer.l2, l2s[i]);
      assert.equal(trial.config.hyperopt, undefined);
      assert.equal(trial.score, trial.result?.metrics.validation.log_loss);
    }
    const scores = result.trials.map((trial) => trial.score ?? Number.POSITIVE_INFINITY);
    assert.equal(result.best.score, Math.min(...scores));
    assert.equal(result.best.index, scores.indexOf(Math.min(...scores)));
    assert.deepEqual((await readdir(join(dir, 'random'))).sort(), [
      'trial-000',
      'trial-001',
      'trial-002',
      'trial-003',
    ]);

    const again = await runHyperopt(request('random-again', hyperopt));
    assert.deepEqual(
      again.trials.map((trial) => trial.params),
      result.trials.map((trial) => trial.params),
    );
    assert.deepEqual(
      again.trials.map((trial) => trial.score),
      result.trials.map((trial) => trial.score),
    );
  });

  test('grid search walks the grid and picks the maximum for goal maximize', async () => {
    const result = await runHyperopt(
      request('grid', {
        metric: 'roc_auc',
        goal: 'maximize',
        search_alg: { type: 'grid' },
        num_samples: 6,
        parameters: {
          'trainer.l1': { space: 'grid_search', values: [0, 0.01, 0.5] },
          'input_features.plan.preprocessing.most_common': { space: 'choice', categories: [1, 3] },
        },
      }),
      {
        packageDirFor: ({ index }) => join(dir, 'grid-runs', `run-${index}`),
      },
    );
    assert.equal(result.trials.length, 6);
    assert.deepEqual(
      result.trials.map((trial) => [
        trial.params['trainer.l1'],
        trial.params['input_features.plan.preprocessing.most_common'],
      ]),
      [
        [0, 1],
        [0, 3],
        [0.01, 1],
        [0.01, 3],
        [0.5, 1],
        [0.5, 3],
      ],
    );
    const plan = result.trials[1].config.input_features.find((feature) => feature.name === 'plan');
    assert.equal(plan?.preprocessing?.most_common, 3);
    const best = Math.max(...result.trials.map((trial) => trial.score ?? Number.NEGATIVE_INFINITY));
    assert.equal(result.best.score, best);
    assert.equal(result.best.packageDir, join(dir, 'grid-runs', `run-${result.best.index}`));
    assert.equal((await readdir(join(dir, 'grid-runs'))).length, 6);
  });

  test('a config without a hyperopt section is refused', async () => {
    const generated = generateModelConfig(snapshot.profile, 'churn', { modelType: 'linear' });
    await assert.rejects(
      runHyperopt({
        config: generated,
        datasetPath: snapshot.path,
        profile: snapshot.profile,
        packageDir: join(dir, 'x'),
      }),
      { code: 'MODEL_CONFIG_INVALID' },
    );
  });
});
