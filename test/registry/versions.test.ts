import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DatasetStore } from '../../main/data/dataset-store.js';
import { DEFAULT_CSV_DIALECT } from '../../main/data/index.js';
import { VersionStore } from '../../main/registry/index.js';
import { RunStore } from '../../main/tracking/index.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const clock = fakeClock();
const workspace = tempWorkspace({ clock });
after(() => workspace.cleanup());
const versions = new VersionStore(workspace.db, clock, workspace.paths.root);
const runs = new RunStore(workspace.db, clock, workspace.paths.root);
new DatasetStore(workspace.db, clock, workspace.paths.root).record({
  id: 'd'.repeat(64),
  path: '/tmp/none.csv',
  sourceName: 'none.csv',
  bytes: 1,
  profile: { rows: 1, columns: [] },
  dialect: DEFAULT_CSV_DIALECT,
});

function register(version: number) {
  const runId = runs.start({ experiment: 'e', name: `run ${version}` });
  versions.ensureModel('m', 'binary', 'target');
  return versions.insert(
    {
      modelName: 'm',
      version,
      runId,
      datasetId: 'd'.repeat(64),
      modelType: 'linear',
      packagePath: `/tmp/m/v${version}`,
      packageSha256: 'x',
      metrics: { roc_auc: 0.7 + version / 100 },
    },
    { actor: 'test', reason: 'unit test' },
  );
}

test('promote archives the previous champion and records both transitions', () => {
  const v1 = register(1);
  const v2 = register(2);
  versions.promote(v1.id, { actor: 'test', reason: 'first' });
  clock.advance(1000);
  const { previousChampion } = versions.promote(v2.id, { actor: 'alice', reason: 'better' });
  assert.equal(previousChampion?.version, 1);
  assert.equal(versions.champion('m')?.version, 2);
  assert.equal(versions.byId(v1.id).stage, 'archived');
  const history = versions.transitions('m');
  assert.deepEqual(
    history.slice(0, 2).map((t) => [t.version, t.fromStage, t.toStage, t.actor, t.reason]),
    [
      [2, 'none', 'champion', 'alice', 'better'],
      [1, 'champion', 'archived', 'alice', 'better'],
    ],
  );
});

test('the database itself refuses a second champion', () => {
  const v3 = register(3);
  assert.throws(
    () => workspace.db.prepare("UPDATE model_versions SET stage = 'champion' WHERE id = ?").run(v3.id),
    /UNIQUE constraint failed/,
  );
  assert.equal(versions.champion('m')?.version, 2);
});

test('a model cannot change its target or task', () => {
  assert.throws(
    () => versions.ensureModel('m', 'number', 'target'),
    (e: Error & { code?: string }) => e.code === 'CONFLICT',
  );
});

test('unknown versions say which versions exist', () => {
  assert.throws(() => versions.get('m', 99), /has no version 99 \(versions: 3, 2, 1\)/);
});
