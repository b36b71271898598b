import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { ServiceStore } from '../../main/serving/service-store.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

let trained: TrainedWorkspace;
before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
});
after(() => trained?.workspace.cleanup());

test('service roles follow promotions and rollbacks made elsewhere (a CLI), read from the registry', () => {
  const { workspace, champion, challenger } = trained;
  const store = new ServiceStore(workspace.db, workspace.clock, workspace.paths.root);
  const service = {
    runtime: 'process',
    state: 'running',
    url: null,
    handle: null,
    restarts: 0,
    logFile: null,
  } as const;
  store.report({ ...service, modelName: champion.modelName, version: champion.version, role: 'champion' });
  store.report({ ...service, modelName: challenger.modelName, version: challenger.version, role: 'shadow' });
  const roles = () => store.list(champion.modelName).map((s) => [s.version, s.role]);
  assert.deepEqual(roles(), [
    [champion.version, 'champion'],
    [challenger.version, 'shadow'],
  ]);

  const manager = new ChampionChallengerManager(workspace, storesOf(workspace));
  manager.promotions.promote(storesOf(workspace).versions.get(challenger.modelName, challenger.version), {
    actor: 'cli',
    reason: 'promoted from a terminal',
  });
  assert.deepEqual(roles(), [
    [champion.version, 'shadow'],
    [challenger.version, 'champion'],
  ]);
  assert.equal(store.get(challenger.modelName, challenger.version)?.role, 'champion');

  manager.promotions.rollback(champion.modelName, { actor: 'cli', reason: 'rolled back from a terminal' });
  assert.deepEqual(roles(), [
    [champion.version, 'champion'],
    [challenger.version, 'shadow'],
  ]);
});
