import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLocalClient, type PodiumClient } from '../../main/app/index.js';
import { registerEstimate } from '../../main/cli/commands/estimate.js';
import { createRandom } from '../../main/common/random.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { AlertService } from '../../main/monitoring/alerts/index.js';
import { estimateNewData } from '../../main/monitoring/new-data-estimate.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';
import { checkedClient } from '../helpers/contract-check.js';
import { commandJson } from '../helpers/in-process-cli.js';

/**
 * A regression whose noise is small where `region` is below 0.6 and five times larger above it:
 * the champion's error grows in that region of feature space. `shifted` data crowds into it.
 */
function rows(count: number, seed: number, shifted: boolean, withTarget = true): string {
  const random = createRandom(seed);
  const lines = [withTarget ? 'size,region,colour,price' : 'size,region,colour'];
  for (let i = 0; i < count; i++) {
    const size = random.next() * 10;
    const region = shifted ? 0.5 + random.next() * 0.5 : random.next();
    const colour = ['red', 'green', 'blue'][random.int(3)];
    const noise = random.normal() * (region > 0.6 ? 5 : 1);
    const price = 3 * size + (colour === 'red' ? 4 : 0) + noise;
    lines.push(
      `${size.toFixed(4)},${region.toFixed(4)},${colour}${withTarget ? `,${price.toFixed(4)}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const MODEL = 'prices';
let fixture: ApiFixture;
/** The CLI's client: the operation reads a file on this machine. */
let local: PodiumClient;
let dir: string;
const file = (name: string) => join(dir, name);

before(async () => {
  fixture = apiFixture();
  dir = fixture.workspace.paths.root;
  local = checkedClient(createLocalClient(fixture.api, { local: true }));
  await writeFile(file('reference.csv'), rows(3000, 1, false));
  await writeFile(file('same.csv'), rows(2000, 2, false, false));
  await writeFile(file('shifted.csv'), rows(2000, 3, true));
  await writeFile(file('no-region.csv'), 'size,colour\n1,red\n2,blue\n');
  const manager = new ChampionChallengerManager(fixture.workspace, fixture.api.context.stores);
  await manager.trainChallenger(file('reference.csv'), {
    modelName: MODEL,
    target: 'price',
    modelType: 'linear',
    autoEvaluate: true,
  });
});
after(async () => {
  await fixture?.cleanup();
});

type Metric = {
  version: number;
  role: string;
  metric: string;
  method: string;
  estimated: number;
  realised: number | null;
  reference: number | null;
};
const metric = (metrics: Metric[], name: string) => {
  const found = metrics.find((m) => m.metric === name && m.role === 'champion');
  assert.ok(found, `no ${name} estimate`);
  return found;
};
const relative = (a: number, b: number) => Math.abs(a - b) / b;

test('no shift: the estimated MAE and RMSE of an unlabelled file stay at the reference (CLI, JSON)', async () => {
  const json = await commandJson<{ metrics: Metric[]; rows: number; attribution: unknown }>(
    [registerEstimate],
    dir,
    ['estimate', '--model', MODEL, '--data', file('same.csv')],
  );
  assert.equal(json.rows, 2000);
  const mae = metric(json.metrics, 'mae');
  assert.equal(mae.method, 'dle');
  assert.equal(mae.realised, null, 'no target in the file, nothing realised');
  assert.ok(mae.reference !== null);
  assert.ok(
    relative(mae.estimated, mae.reference) < 0.1,
    `estimate ${mae.estimated} vs reference ${mae.reference}`,
  );
  const rmse = metric(json.metrics, 'rmse');
  assert.ok(rmse.reference !== null && relative(rmse.estimated, rmse.reference) < 0.1);
  assert.equal(json.attribution, null);
});

test("the file's read reports its bytes as progress events of the estimate, for the CLI's bar", async () => {
  const events: { step: string; current: number; total: number; message?: string }[] = [];
  const stop = local.listen('operation.progress', (event) => {
    if (event.operation === 'performance.estimate') events.push(event);
  });
  try {
    await local.send('performance.estimate', { model: MODEL, file: file('same.csv') });
  } finally {
    stop();
  }
  const reads = events.filter((event) => event.step === 'read');
  assert.ok(reads.length > 0, 'at least the end of the read');
  assert.ok(reads.every((event) => event.message === file('same.csv')));
  const last = reads[reads.length - 1];
  assert.equal(last.current, last.total);
  assert.equal(last.total, (await stat(file('same.csv'))).size, "the file's size in bytes");
});

test('a stored dataset moving into the region where the model errs: the estimated MAE rises and tracks the realised within 15%, and attribution names the column', async () => {
  // As the Drift view asks: a stored dataset, through a client that may not name files.
  const dataset = await local.send('data.ingestFile', { file: file('shifted.csv') });
  const estimate = await fixture.client.send('performance.estimate', {
    model: MODEL,
    datasetId: dataset.id,
    attribution: true,
  });
  assert.equal(estimate.rows, 2000);
  const mae = metric(estimate.metrics, 'mae');
  assert.ok(mae.realised !== null && mae.reference !== null);
  assert.ok(mae.realised > 1.4 * mae.reference, 'the shift makes the model worse');
  assert.ok(mae.estimated > 1.3 * mae.reference, `the estimate ${mae.estimated} rises from ${mae.reference}`);
  assert.ok(
    relative(mae.estimated, mae.realised) < 0.15,
    `estimate ${mae.estimated} vs realised ${mae.realised}`,
  );
  const rmse = metric(estimate.metrics, 'rmse');
  assert.ok(rmse.realised !== null && relative(rmse.estimated, rmse.realised) < 0.2);
  // Attribution: the column that moved is the one that moves the estimate.
  assert.ok(estimate.attribution);
  assert.deepEqual(estimate.attribution.map((entry) => entry.column).sort(), ['colour', 'region', 'size']);
  assert.equal(estimate.attribution[0].column, 'region');
  assert.ok(estimate.attribution[0].estimatedChange > 0);
  for (const other of estimate.attribution.slice(1)) {
    assert.ok(Math.abs(other.estimatedChange) < estimate.attribution[0].estimatedChange / 3);
  }
});

test('a scheduled check of new data states the estimate, and alerts when it falls beyond the threshold', async () => {
  const { workspace } = fixture;
  const stores = fixture.api.context.stores;
  const alerts = new AlertService({ store: stores.alerts, logger: workspace.logger });
  const check = (name: string) =>
    estimateNewData({ workspace, stores, alerts, modelName: MODEL, file: file(name) });
  const calm = await check('same.csv');
  assert.match(
    calm,
    /^Estimated without labels \(Direct Loss Estimation\) on 2000 rows: mae [\d.]+ \(held-out [\d.]+\), rmse/,
  );
  assert.doesNotMatch(calm, /Alert/);
  assert.equal(stores.alerts.list().filter((a) => a.rule === 'performance_drop').length, 0);

  const worse = await check('shifted.csv');
  assert.match(worse, /Alert: estimated (mae|rmse) \d+\.\d% worse than held-out\./);
  const [alert] = stores.alerts.list().filter((a) => a.rule === 'performance_drop');
  assert.ok(alert, 'a performance_drop alert');
  assert.match(alert.title, /^prices v1: estimated (mae|rmse) \d+\.\d% worse on new data$/);
  assert.equal((alert.evidence as { details?: { method?: string } }).details?.method, 'dle');

  // A file the estimate cannot read says so instead of failing the cycle.
  assert.match(await check('no-region.csv'), /^No label-free estimate of .*no-region\.csv: .*region/);
});

test('clear errors: unknown model, missing columns named, no champion', async () => {
  await assert.rejects(
    local.send('performance.estimate', { model: 'nope', file: file('same.csv') }),
    (error: { code: string; message: string }) =>
      error.code === 'NOT_FOUND' && error.message.includes('nope'),
  );
  await assert.rejects(
    local.send('performance.estimate', { model: MODEL, file: file('no-region.csv') }),
    (error: { code: string; message: string }) =>
      error.code === 'DATA_INVALID' &&
      error.message.includes('"region"') &&
      error.message.includes('no-region.csv'),
  );
  await assert.rejects(
    fixture.client.send('performance.estimate', { model: MODEL, file: file('same.csv') }),
    (error: { code: string }) => error.code === 'USAGE',
    'a window or a page may not name a file',
  );
  await assert.rejects(
    local.send('performance.estimate', { model: MODEL, file: file('absent.csv') }),
    (error: { code: string; message: string }) =>
      error.code === 'NOT_FOUND' && error.message.includes('absent.csv'),
  );
  const { versions } = fixture.api.context.stores;
  const champion = versions.champion(MODEL);
  assert.ok(champion);
  versions.setStage(champion.id, 'archived', { actor: 'test', reason: 'no champion' });
  await assert.rejects(
    local.send('performance.estimate', { model: MODEL, file: file('same.csv') }),
    (error: { code: string; message: string }) =>
      error.code === 'CONFLICT' && /no champion/.test(error.message),
  );
});
