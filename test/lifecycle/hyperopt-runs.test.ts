import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeSampleData } from '../../main/data/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { storesOf } from '../helpers/stores.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const workspace = tempWorkspace({ clock: fakeClock() });
after(() => workspace.cleanup());

test('a config with hyperopt runs each trial as a child run and registers the best trial', async () => {
  const manager = new ChampionChallengerManager(workspace, storesOf(workspace));
  const data = await writeSampleData({
    samples: 800,
    drift: false,
    seed: 42,
    outputDir: workspace.paths.root,
  });
  const configFile = join(workspace.paths.root, 'model.yaml');
  writeFileSync(
    configFile,
    [
      'model_type: linear',
      'input_features:',
      '  - {name: credit_score, type: number}',
      '  - {name: debt_to_income, type: number}',
      '  - {name: num_late_payments, type: number}',
      '  - {name: loan_purpose, type: category}',
      'output_features:',
      '  - {name: target, type: binary}',
      'hyperopt:',
      '  goal: maximize',
      '  metric: roc_auc',
      '  search_alg: {type: random}',
      '  num_samples: 3',
      '  parameters:',
      '    trainer.l2: {space: loguniform, lower: 0.0001, upper: 1}',
      '',
    ].join('\n'),
  );
  const result = await manager.trainChallenger(data, { configFile, autoEvaluate: true });
  const parent = storesOf(workspace).runs.get(result.runId);
  const trials = storesOf(workspace).runs.list({ parentRunId: parent.id });
  assert.equal(trials.length, 3);
  assert.ok(trials.every((trial) => trial.status === 'finished' && trial.params['trainer.l2'] !== undefined));
  assert.ok(trials.every((trial) => trial.metrics.validation_roc_auc > 0.5));
  const best = trials.reduce((a, b) => (b.metrics.validation_roc_auc > a.metrics.validation_roc_auc ? b : a));
  assert.equal(result.version.runId, best.id, 'the registered version comes from the best trial');
  assert.equal(parent.tags.best_trial_run_id, best.id);
  assert.equal(result.version.stage, 'champion');
});
