import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanExpiredRuns, RunStore } from '../../main/tracking/index.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const clock = fakeClock();
const workspace = tempWorkspace({ clock });
after(() => workspace.cleanup());
const runs = new RunStore(workspace.db, clock, workspace.paths.root);

test('runs keep params, tags, metric histories and final metrics; children link to parents', () => {
  const parent = runs.start({
    experiment: 'exp',
    name: 'parent',
    params: { seed: 42 },
    tags: { task: 'binary' },
  });
  const child = runs.start({
    experiment: 'exp',
    name: 'child',
    parentRunId: parent,
    params: { 'trainer.epochs': 5 },
  });
  for (let epoch = 1; epoch <= 3; epoch++) runs.logMetrics(child, { loss: 1 / epoch }, epoch);
  runs.logMetrics(child, { test_roc_auc: 0.8 });
  runs.end(child, 'finished');
  const stored = runs.get(child);
  assert.equal(stored.status, 'finished');
  assert.equal(stored.parentRunId, parent);
  assert.deepEqual(stored.params, { 'trainer.epochs': '5' });
  assert.deepEqual(stored.metrics, { test_roc_auc: 0.8 });
  assert.deepEqual(
    runs.metricHistory(child).map((p) => [p.step, p.value]),
    [
      [1, 1],
      [2, 0.5],
      [3, 1 / 3],
    ],
  );
  assert.deepEqual(runs.get(parent).tags, { task: 'binary' });
  assert.deepEqual(
    runs.list({ parentRunId: parent }).map((r) => r.id),
    [child],
  );
});

test('clean-up removes expired runs no model uses, with their artifacts, and keeps recent ones', async () => {
  const old = runs.start({ experiment: 'exp', name: 'old' });
  const dir = join(workspace.paths.runs, old);
  mkdirSync(dir, { recursive: true });
  runs.setArtifactDir(old, dir);
  runs.end(old, 'failed', 'boom');
  clock.advance(100 * 86_400_000);
  const recent = runs.start({ experiment: 'exp', name: 'recent' });
  runs.end(recent, 'finished');
  const dry = await cleanExpiredRuns(runs, clock, 90, { dryRun: true });
  assert.ok(dry.removedRuns.includes(old));
  assert.ok(existsSync(dir), 'dry run removes nothing');
  const report = await cleanExpiredRuns(runs, clock, 90);
  assert.ok(report.removedRuns.includes(old));
  assert.ok(!report.removedRuns.includes(recent));
  assert.ok(!existsSync(dir));
  assert.throws(() => runs.get(old), /No run/);
});
