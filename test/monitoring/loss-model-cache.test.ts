import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { runWorkerTask } from '../../main/common/worker-task/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { estimateReferenceOf } from '../../main/monitoring/estimate-file.js';
import { lossModelDirOf } from '../../main/monitoring/live-loss-estimate.js';
import type { LiveLossInput, LiveLossOutput } from '../../main/monitoring/live-loss-worker.js';
import type { ModelVersion } from '../../main/registry/index.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';

/** A regression whose noise is larger where region > 0.6, so the loss models have something to learn. */
function draw(random: ReturnType<typeof createRandom>) {
  const size = random.next() * 10;
  const region = random.next();
  const price = 3 * size + random.normal() * (region > 0.6 ? 5 : 1);
  return { size, region, price };
}

const MODEL = 'prices';
let fixture: ApiFixture;
let version: ModelVersion;

before(async () => {
  fixture = apiFixture();
  const dir = fixture.workspace.paths.root;
  const random = createRandom(3);
  const lines = ['size,region,price'];
  for (let i = 0; i < 1000; i++) {
    const row = draw(random);
    lines.push(`${row.size},${row.region},${row.price}`);
  }
  await writeFile(join(dir, 'reference.csv'), `${lines.join('\n')}\n`);
  const manager = new ChampionChallengerManager(fixture.workspace, fixture.api.context.stores);
  ({ version } = await manager.trainChallenger(join(dir, 'reference.csv'), {
    modelName: MODEL,
    target: 'price',
    modelType: 'linear',
    autoEvaluate: true,
  }));
  const log = new PredictionLog(fixture.workspace.db, fixture.workspace.clock);
  const live = createRandom(8);
  for (let i = 0; i < 200; i++) {
    const { price, ...features } = draw(live);
    log.add({
      requestId: randomUUID(),
      modelName: MODEL,
      version: version.version,
      role: 'champion',
      features: JSON.stringify(features),
      prediction: JSON.stringify({ prediction: price }),
      status: 200,
      latencyMs: 1,
    });
  }
  log.flush();
  log.close();
});
after(async () => {
  await fixture?.cleanup();
});

/** The live loss worker's input for the champion, as the monitor report builds it, with a chosen cache folder. */
async function workerInput(lossModelDir: string): Promise<LiveLossInput> {
  const { traffic, datasets } = fixture.api.context.stores;
  const now = fixture.workspace.clock.now();
  const requests = traffic
    .championRequestBodies(MODEL, version.version, {
      from: new Date(now.getTime() - 86_400_000).toISOString(),
      to: new Date(now.getTime() + 1000).toISOString(),
    })
    .map((request) => ({ ...request, windowStart: 0 }));
  return {
    versions: [
      {
        version: version.version,
        role: 'champion',
        packagePath: version.packagePath,
        reference: await estimateReferenceOf(datasets, version),
        lossModelDir,
      },
    ],
    requests,
  };
}

function runLiveLoss(input: LiveLossInput): Promise<LiveLossOutput> {
  return runWorkerTask<LiveLossInput, LiveLossOutput>(
    new URL('../../main/monitoring/live-loss-worker.js', import.meta.url),
    input,
    { name: 'live loss estimate', logger: fixture.workspace.logger },
  );
}

test("the performance chart's report keeps each version's fitted loss models and reads them on the next visit", async () => {
  const reference = await estimateReferenceOf(fixture.api.context.stores.datasets, version);
  const dir = lossModelDirOf(fixture.workspace, version, reference);
  assert.ok(!existsSync(dir), 'nothing kept before the first visit');
  const first = await fixture.client.send('monitoring.report', { model: MODEL, window: 'day', days: 2 });
  assert.equal(first.estimate?.method, 'dle');
  assert.ok(existsSync(join(dir, 'loss-models.json')), 'the first visit keeps the fitted loss models');
  assert.deepEqual(readdirSync(dir).sort(), ['absolute', 'loss-models.json', 'squared']);

  const second = await fixture.client.send('monitoring.report', { model: MODEL, window: 'day', days: 2 });
  assert.deepEqual(
    second.estimate?.versions,
    first.estimate?.versions,
    'the kept loss models give the same estimate',
  );

  // The worker says whether it fitted: with the kept folder it does not; with an empty one it does.
  const cached = await runLiveLoss(await workerInput(dir));
  assert.deepEqual(cached.fitted, [], 'a second visit does not refit');
  const fresh = join(fixture.workspace.paths.root, 'fresh-cache', 'v1');
  const refitted = await runLiveLoss(await workerInput(fresh));
  assert.deepEqual(refitted.fitted, [version.version]);
  const [window] = Object.values(cached.estimates[String(version.version)]);
  const [again] = Object.values(refitted.estimates[String(version.version)]);
  assert.equal(window.mae, again.mae, 'a refit (same seed) and the kept models agree');
  assert.equal(window.rmse, again.rmse);
});

test('a kept folder that cannot be read is fitted again, not an error', async () => {
  const fresh = join(fixture.workspace.paths.root, 'broken-cache', 'v1');
  await runLiveLoss(await workerInput(fresh));
  await writeFile(join(fresh, 'loss-models.json'), 'not json');
  const output = await runLiveLoss(await workerInput(fresh));
  assert.deepEqual(output.fitted, [version.version]);
  assert.deepEqual((await runLiveLoss(await workerInput(fresh))).fitted, [], 'and kept again');
});
