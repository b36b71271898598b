import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createLocalClient } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { LIVE_MULTIVARIATE_MIN_ROWS } from '../../main/monitoring/multivariate/index.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { checkedClient } from '../helpers/contract-check.js';
import { type ApiFixture, apiFixture, trainLinearChampion } from './api-fixture.js';

const MODEL = 'credit-risk';
let fixture: ApiFixture;
let driftedId: string;

/** The sample data's rows as the gateway logs champion requests: feature JSON without the target. */
function logRequests(csv: string, count: number): void {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const log = new PredictionLog(fixture.workspace.db, fixture.workspace.clock);
  for (const line of lines.slice(0, count)) {
    const cells = line.split(',');
    const features: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (name === 'target') return;
      const value = Number(cells[i]);
      features[name] = cells[i] !== '' && Number.isFinite(value) ? value : cells[i];
    });
    log.add({
      requestId: randomUUID(),
      modelName: MODEL,
      version: 1,
      role: 'champion',
      features: JSON.stringify(features),
      prediction: JSON.stringify({ prediction: 0 }),
      status: 200,
      latencyMs: 1,
    });
  }
  log.flush();
  log.close();
}

/** `podium drift --window` calls drift.check as the CLI on this machine does. */
function cliClient() {
  return checkedClient(createLocalClient(fixture.api, { local: true }));
}

before(async () => {
  fixture = apiFixture();
  const { client } = fixture;
  const baseline = await client.send('data.ingest', {
    fileName: 'baseline.csv',
    csvText: generateSampleData({ samples: 800, drift: false, seed: 5 }),
  });
  driftedId = (
    await client.send('data.ingest', {
      fileName: 'drift.csv',
      csvText: generateSampleData({ samples: 800, drift: true, seed: 5 }),
    })
  ).id;
  await trainLinearChampion(client, baseline.id);
});
after(async () => {
  await fixture?.cleanup();
});

test('the drift check of a stored dataset (the Drift view) carries both multivariate checks', async () => {
  const stored = await fixture.client.send('drift.report', { model: MODEL, datasetId: driftedId });
  assert.ok(stored?.report.multivariate, 'a stored dataset gets multivariate results');
  const byMethod = new Map(stored.report.multivariate.map((result) => [result.method, result]));
  const classifier = byMethod.get('domain_classifier');
  assert.equal(classifier?.status, 'drift', classifier?.reason);
  assert.ok(classifier?.method === 'domain_classifier' && classifier.topFeatures.length > 0);
  assert.ok(byMethod.get('pca_reconstruction')?.status !== 'not_applicable');
  assert.match(stored.report.summary, /Multivariate drift: /);
});

test(`a live window under ${LIVE_MULTIVARIATE_MIN_ROWS} rows reports the multivariate checks as skipped, with the reason`, async () => {
  logRequests(generateSampleData({ samples: 60, drift: false, seed: 9 }), 60);
  const stored = await cliClient().send('drift.check', { model: MODEL, windowMs: 3_600_000 });
  assert.equal(stored.rows, 60);
  const results = stored.report.multivariate ?? [];
  assert.deepEqual(
    results.map((result) => [result.method, result.status, result.skipped]),
    [
      ['pca_reconstruction', 'not_applicable', true],
      ['domain_classifier', 'not_applicable', true],
    ],
  );
  for (const result of results) {
    assert.match(result.reason, new RegExp(`60 rows.*at least ${LIVE_MULTIVARIATE_MIN_ROWS}`));
  }
  assert.match(stored.report.summary, /Multivariate: skipped/);
});

test('a live window with enough rows gets both multivariate checks', async () => {
  // 60 already logged; enough more of the training distribution to pass the minimum.
  logRequests(
    generateSampleData({ samples: LIVE_MULTIVARIATE_MIN_ROWS, drift: false, seed: 11 }),
    LIVE_MULTIVARIATE_MIN_ROWS,
  );
  const stored = await cliClient().send('drift.check', { model: MODEL, windowMs: 3_600_000 });
  assert.equal(stored.rows, LIVE_MULTIVARIATE_MIN_ROWS + 60);
  const results = stored.report.multivariate ?? [];
  assert.equal(results.length, 2);
  for (const result of results) {
    assert.ok(!result.skipped, result.reason);
    assert.ok(['ok', 'warning', 'drift'].includes(result.status), result.reason);
  }
});
