import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { reproduce, writeReproduceScript } from '../../main/lineage/index.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

describe('reproduce', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({ samples: 1200 });
  });
  after(() => trained.workspace.cleanup());

  test('a linear model retrained from its snapshot, config and seed has exactly the registered metrics', async () => {
    const { workspace, stores, champion } = trained;
    const report = await reproduce(workspace, stores, champion);
    assert.equal(report.dataset.id, champion.datasetId);
    assert.ok(Object.keys(report.expected).length > 0);
    assert.deepEqual(report.differences, []);
    assert.equal(report.matches, true);
    for (const [metric, value] of Object.entries(champion.metrics))
      assert.equal(report.actual[metric], value);
    assert.equal(report.backend.current, report.backend.recorded);
    assert.deepEqual(report.reasons, []);
  });

  test('--script writes an executable shell script with the recorded inputs', async () => {
    const { workspace, stores, champion } = trained;
    const dataset = stores.datasets.get(champion.datasetId);
    assert.ok(dataset);
    const file = join(workspace.paths.root, 'reproduce.sh');
    await writeReproduceScript(file, champion, dataset.path);
    const script = readFileSync(file, 'utf8');
    assert.ok(script.startsWith('#!/bin/sh\n'));
    assert.ok(script.includes(dataset.path));
    assert.ok(script.includes(join(champion.packagePath, 'model-config.yaml')));
    assert.ok(script.includes(champion.datasetId));
    assert.match(script, /npx --no-install podium --workspace "\$WORK\/workspace" train/);
    assert.equal(statSync(file).mode & 0o111, 0o111, 'the script is executable');
  });
});
