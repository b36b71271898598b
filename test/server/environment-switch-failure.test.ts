import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openUiSession, type UiSession } from '../../main/server/index.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

let trained: TrainedWorkspace;
let session: UiSession;

before(async () => {
  trained = await trainedWorkspace({ samples: 800 });
  const devDir = trained.workspace.paths.root;
  trained.workspace.close();
  // prod.workspace names the dev folder by mistake: opening it as prod is refused.
  process.env.PODIUM_PROD_WORKSPACE = devDir;
  session = await openUiSession({ devDir, actor: 'carol' });
});

after(async () => {
  await session?.close();
  rmSync(trained.workspace.paths.root, { recursive: true, force: true });
});

test('a switch to an environment that will not open is refused and leaves the session working where it was', async () => {
  const refused = await session.bridge.call('environment.switch', { environment: 'prod' });
  assert.ok('error' in refused, 'the switch should have been refused');
  // The config check names the mistake before any folder is opened.
  assert.equal(refused.error.code, 'CONFIG_INVALID');
  assert.match(refused.error.message, /prod/);

  const environment = await session.bridge.call('environment.get', {});
  assert.ok('data' in environment, JSON.stringify(environment));
  assert.equal((environment.data as { environment: string }).environment, 'dev');
  const versions = await session.bridge.call('registry.versions', { model: trained.champion.modelName });
  assert.ok('data' in versions, JSON.stringify(versions));
  assert.equal((versions.data as unknown[]).length, 2);
});
