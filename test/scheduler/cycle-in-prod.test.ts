import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { CycleRunSummary } from '../../main/contract/index.js';
import { writeSampleData } from '../../main/data/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { createLifecycleScheduler } from '../../main/scheduler/index.js';
import { type DevAndProd, devAndProd, releasedToProd } from '../environments/prod-fixture.js';
import { alertServiceFor, storesOf } from '../helpers/stores.js';
import { tempDir } from '../helpers/workspace.js';

const HOUR = 3_600_000;
const incomingDir = tempDir('podium-prod-incoming-');
let env: DevAndProd;

before(async () => {
  env = await devAndProd({
    configure: (config) => {
      config.data.incoming_dir = incomingDir;
    },
  });
  await releasedToProd(env, [env.trained.champion]);
});
after(async () => {
  env?.cleanup();
  await rm(incomingDir, { recursive: true, force: true });
});

test('the scheduled cycle in prod trains nothing: skipped with the reason, no failure, no alert', async () => {
  await writeSampleData({ samples: 400, drift: true, seed: 11, outputDir: incomingDir });
  const stores = storesOf(env.prod);
  const alerts = alertServiceFor(env.prod);
  const scheduler = createLifecycleScheduler(env.prod, {
    manager: new ChampionChallengerManager(env.prod, stores),
    stores,
    alerts,
    settings: { timezone: 'UTC', cleanupCron: '', maintenanceCron: '' },
  });
  const versionsBefore = stores.versions.list('credit-risk').length;

  // The cycle runs daily at 06:00: a first tick plans it, the one a day later runs it.
  assert.deepEqual(await scheduler.tick(), []);
  env.trained.clock.advance(24 * HOUR);
  const [run] = await scheduler.tick();
  assert.ok(run, 'the cycle ran');
  assert.equal(run.job, 'cycle');
  assert.equal(run.outcome, 'skipped', JSON.stringify(run.error));
  assert.equal(run.error, null);
  const summary = run.summary as CycleRunSummary;
  assert.deepEqual(summary.trained, []);
  const skipped = summary.plan.find((line) => line.startsWith('Training skipped'));
  assert.ok(skipped, summary.plan.join('\n'));
  assert.match(skipped, /1 new data file left as they are/);
  assert.match(skipped, /podium release <version> --to prod/);

  assert.equal(stores.versions.list('credit-risk').length, versionsBefore, 'no version trained in prod');
  assert.deepEqual(
    alerts.list({ status: 'open' }).filter((alert) => alert.rule === 'cycle_failed'),
    [],
    'a skipped training is not a failure',
  );
});
