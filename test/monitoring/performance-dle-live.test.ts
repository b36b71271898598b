import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { loadPredictor } from '../../main/training/index.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';

/** As performance-dle.test.ts: the noise is five times larger where region > 0.6. */
function draw(random: ReturnType<typeof createRandom>, shifted: boolean) {
  const size = random.next() * 10;
  const region = shifted ? 0.5 + random.next() * 0.5 : random.next();
  const colour = ['red', 'green', 'blue'][random.int(3)];
  const price = 3 * size + (colour === 'red' ? 4 : 0) + random.normal() * (region > 0.6 ? 5 : 1);
  return { size, region, colour, price };
}

const MODEL = 'prices';
const REQUESTS = 1500;
let fixture: ApiFixture;

before(async () => {
  fixture = apiFixture();
  const dir = fixture.workspace.paths.root;
  const random = createRandom(1);
  const lines = ['size,region,colour,price'];
  for (let i = 0; i < 3000; i++) {
    const row = draw(random, false);
    lines.push(`${row.size},${row.region},${row.colour},${row.price}`);
  }
  await writeFile(join(dir, 'reference.csv'), `${lines.join('\n')}\n`);
  const manager = new ChampionChallengerManager(fixture.workspace, fixture.api.context.stores);
  const { version } = await manager.trainChallenger(join(dir, 'reference.csv'), {
    modelName: MODEL,
    target: 'price',
    modelType: 'linear',
    autoEvaluate: true,
  });
  // Live traffic that has moved into the noisy region, answered by the champion as the gateway
  // logs it; a third of it labelled so far.
  const live = createRandom(5);
  const rows = Array.from({ length: REQUESTS }, () => draw(live, true));
  const predictor = await loadPredictor(version.packagePath);
  const { predictions } = await predictor.predictRecords(
    rows.map(({ size, region, colour }) => ({ size, region, colour })),
  );
  predictor.dispose();
  const log = new PredictionLog(fixture.workspace.db, fixture.workspace.clock);
  const feedback: { requestId: string; actual: unknown }[] = [];
  rows.forEach(({ price, ...features }, i) => {
    const requestId = randomUUID();
    log.add({
      requestId,
      modelName: MODEL,
      version: version.version,
      role: 'champion',
      features: JSON.stringify(features),
      // As a model service answers: {"prediction": …}.
      prediction: JSON.stringify({ prediction: predictions[i].value }),
      status: 200,
      latencyMs: 1,
    });
    if (i % 3 === 0) feedback.push({ requestId, actual: price });
  });
  log.flush();
  log.attachFeedback(feedback);
  log.close();
});
after(async () => {
  await fixture?.cleanup();
});

test("a regression's monitor report estimates each window's MAE and RMSE from the logged requests (DLE)", async () => {
  const report = await fixture.client.send('monitoring.report', { model: MODEL, window: 'day', days: 2 });
  assert.ok(report.estimate, 'a regression gets an estimate');
  assert.equal(report.estimate.method, 'dle');
  const [champion] = report.estimate.versions;
  assert.equal(champion.role, 'champion');
  const requests = champion.windows.reduce((sum, window) => sum + window.requests, 0);
  assert.equal(requests, REQUESTS);
  // The traffic may straddle midnight: weigh the windows by their requests.
  const weighted = (metric: 'mae' | 'rmse', side: 'estimated' | 'realised') =>
    champion.windows.reduce((sum, window) => sum + (window.metrics[metric][side] ?? 0) * window.labelled, 0) /
    champion.windows.reduce((sum, window) => sum + window.labelled, 0);
  const estimated = weighted('mae', 'estimated');
  const realised = weighted('mae', 'realised');
  assert.ok(Math.abs(estimated - realised) / realised < 0.15, `estimated ${estimated}, realised ${realised}`);
  const trainedMae = fixture.api.context.stores.versions.champion(MODEL)?.metrics.mae;
  assert.ok(
    trainedMae !== undefined && estimated > 1.3 * trainedMae,
    `estimate ${estimated} vs held-out ${trainedMae}`,
  );
});
