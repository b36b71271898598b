import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registerLineage } from '../../main/cli/commands/lineage.js';
import { registerPredict } from '../../main/cli/commands/predict.js';
import { registerReproduce } from '../../main/cli/commands/reproduce.js';
import type { LineageChain, ReproduceReport } from '../../main/lineage/index.js';
import { commandJson } from '../helpers/in-process-cli.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

const podiumJson = <T>(workspaceDir: string, args: string[]) =>
  commandJson<T>([registerPredict, registerLineage, registerReproduce], workspaceDir, args);

describe('podium predict, lineage and reproduce commands', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
  });
  after(() => trained.workspace.cleanup());

  test('lineage of a prediction id and of a version, as JSON', async () => {
    const root = trained.workspace.paths.root;
    const output = join(root, 'scored.csv');
    const predicted = await podiumJson<{ id: string }>(root, [
      'predict',
      '--model',
      'credit-risk:1',
      '--input',
      trained.baselineFile,
      '--output',
      output,
    ]);
    const byPrediction = await podiumJson<LineageChain>(root, ['lineage', predicted.id]);
    assert.deepEqual(byPrediction.subject, { kind: 'prediction', id: predicted.id });
    assert.equal(byPrediction.predictions[0].output.path, output);
    const byVersion = await podiumJson<LineageChain>(root, ['lineage', 'v1']);
    assert.equal(byVersion.model.version, 1);
    assert.deepEqual(
      byVersion.predictions.map((p) => p.id),
      [predicted.id],
    );
  });

  test('reproduce --json reports an exact match; --script writes an executable script', async () => {
    const root = trained.workspace.paths.root;
    const report = await podiumJson<ReproduceReport>(root, ['reproduce', '1']);
    assert.equal(report.matches, true);
    const script = join(root, 'reproduce-v2.sh');
    const written = await podiumJson<{ script: string }>(root, ['reproduce', '2', '--script', script]);
    assert.equal(written.script, script);
    assert.ok(statSync(script).mode & 0o100);
  });
});
