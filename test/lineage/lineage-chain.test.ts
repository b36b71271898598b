import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { libraryVersions } from '../../main/common/versions.js';
import {
  codeVersion,
  configHash,
  lineageForPrediction,
  lineageForVersion,
  predictFile,
  recordRunLineage,
} from '../../main/lineage/index.js';
import type { ModelVersion } from '../../main/registry/index.js';
import { parseModelConfig } from '../../main/training/index.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

const TOKEN = 'planted-secret-token-0123456789';
const WEBHOOK = 'https://hooks.example.com/planted-secret-webhook';

/** What the trainer flow records for a run, from the version's own package. */
async function recordFor(trained: TrainedWorkspace, version: ModelVersion) {
  const { workspace } = trained;
  const config = parseModelConfig(
    readFileSync(join(version.packagePath, 'model-config.yaml'), 'utf8'),
    'test',
  );
  return recordRunLineage(
    trained.stores.runLineage,
    version.runId,
    {
      code: await codeVersion(workspace.paths.root),
      config: workspace.config,
      modelConfig: config,
      datasetId: version.datasetId,
      split: { config: config.preprocessing.split, sizes: { train: 2100, validation: 450, test: 450 } },
      seeds: { model: config.seed, split: config.seed },
      libraryVersions: libraryVersions(),
      backend: 'js',
    },
    workspace.clock,
  );
}

describe('lineage chain', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({
      samples: 1200,
      configure: (config) => {
        config.serving.auth_token = TOKEN;
        config.alerts.webhook_url = WEBHOOK;
      },
    });
  });
  after(() => trained.workspace.cleanup());

  test('a version: training data → training code → model, then the batch predictions made with it', async () => {
    const { workspace, champion } = trained;
    const recorded = await recordFor(trained, champion);
    assert.equal(recorded.code.gitCommit, null, 'a temp workspace is not a git repository');
    assert.equal(recorded.configSha256, configHash(workspace.config));

    const before = await lineageForVersion(workspace, trained.stores, champion);
    assert.deepEqual(before.subject, { kind: 'version', ref: `${champion.modelName}:${champion.version}` });
    assert.equal(before.trainingData.datasetId, champion.datasetId);
    assert.equal(before.trainingData.fileName, basename(trained.baselineFile));
    assert.equal(before.trainingData.rows, 1200);
    assert.equal(before.trainingCode.source, 'run_lineage');
    assert.equal(before.trainingCode.runId, champion.runId);
    assert.deepEqual(before.trainingCode.seeds, recorded.seeds);
    assert.equal(before.trainingCode.backend, 'js');
    assert.equal(before.model.packageSha256, champion.packageSha256);
    assert.deepEqual(before.model.metrics, champion.metrics);
    assert.deepEqual(before.predictions, []);

    const output = join(workspace.paths.root, 'scored.csv');
    const prediction = await predictFile(workspace, {
      version: champion,
      input: trained.baselineFile,
      output,
    });
    const afterPredicting = await lineageForVersion(workspace, trained.stores, champion);
    assert.equal(afterPredicting.predictions.length, 1);
    assert.equal(afterPredicting.predictions[0].id, prediction.id);
    assert.equal(afterPredicting.predictions[0].rows, 1200);
  });

  test('a prediction: the same chain ending in its output file, hash and row count', async () => {
    const { workspace, challenger } = trained;
    // Training now records lineage for every run; a version from before that has no row.
    workspace.db.prepare('DELETE FROM run_lineage WHERE run_id = ?').run(challenger.runId);
    const output = join(workspace.paths.root, 'challenger-scored.csv');
    const prediction = await predictFile(workspace, {
      version: challenger,
      input: trained.driftFile,
      output,
    });
    const chain = await lineageForPrediction(workspace, trained.stores, prediction.id);
    assert.ok(chain);
    assert.deepEqual(chain.subject, { kind: 'prediction', id: prediction.id });
    assert.equal(chain.model.version, challenger.version);
    // With no lineage row the chain falls back to the package manifest.
    assert.equal(chain.trainingCode.source, 'manifest');
    assert.equal(chain.predictions.length, 1);
    const link = chain.predictions[0];
    assert.equal(link.output.path, output);
    assert.match(link.output.sha256, /^[0-9a-f]{64}$/);
    assert.equal(link.rows, 1200);
    assert.equal(link.predictionCode.code.podiumVersion, libraryVersions().podium);
    assert.equal(await lineageForPrediction(workspace, trained.stores, 'pred-000000000000'), null);
  });

  test('secrets in the config never reach a lineage row, and do not change the config hash', async () => {
    const { workspace, champion } = trained;
    await recordFor(trained, champion);
    const rows = JSON.stringify([
      workspace.db.prepare('SELECT * FROM run_lineage').all(),
      workspace.db.prepare('SELECT * FROM predictions').all(),
    ]);
    assert.ok(rows.length > 100);
    assert.ok(!rows.includes(TOKEN), 'the auth token leaked into lineage');
    assert.ok(!rows.includes('planted-secret'), 'a secret leaked into lineage');
    const other = structuredClone(workspace.config);
    other.serving.auth_token = 'a-different-secret-token-9876543';
    assert.equal(configHash(other), configHash(workspace.config));
    other.training.seed += 1;
    assert.notEqual(configHash(other), configHash(workspace.config));
  });
});
