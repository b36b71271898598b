import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { replay } from '../../main/serving/replay.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { promoteUnderLoad } from '../helpers/promotion-load.js';
import { startServingController } from '../helpers/serving-controller.js';
import { recordsFromCsv, type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

const DAY = 86_400_000;
let trained: TrainedWorkspace;
let controller: ServingController;
let url: string;

before(async () => {
  trained = await trainedWorkspace({ samples: 3000 });
  const decision = await trained.manager.evaluateChallenger(`credit-risk:${trained.challenger.version}`);
  assert.equal(decision.outcome, 'start_shadow', decision.summary);
  ({ controller, url } = await startServingController(trained));
});

after(async () => {
  await controller?.stop();
  trained?.workspace.cleanup();
});

async function post(pool: Pool, path: string, body: unknown) {
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: (await response.body.json()) as Record<string, unknown>,
  };
}

test('the pending shadow test starts when served: champion and shadow run as child processes', () => {
  const services = controller.services();
  assert.deepEqual(services.map((s) => [s.version, s.role, s.handle.runtime, s.handle.state()]).sort(), [
    [1, 'champion', 'process', 'running'],
    [2, 'shadow', 'process', 'running'],
  ]);
  assert.equal(controller.gateway.championVersion, 1);
  assert.deepEqual(controller.gateway.shadowVersions, [2]);
  const [shadowTest] = trained.stores.shadowTests.list('credit-risk', { openOnly: true });
  assert.equal(shadowTest.status, 'running');
  assert.equal(trained.stores.versions.get('credit-risk', 2).stage, 'shadow');
});

test('replayed drift traffic is mirrored; labels arrive as feedback; the report shows the interval', async () => {
  const result = await replay({
    gatewayUrl: url,
    file: trained.driftFile,
    rate: 2000,
    limit: 800,
    concurrency: 16,
  });
  assert.equal(result.failed, 0, JSON.stringify(result.statuses));
  assert.equal(result.ok, 800);
  assert.equal(result.labelled, 800);
  await controller.gateway.mirrorsIdle();
  const [shadowTest] = trained.stores.shadowTests.list('credit-risk', { openOnly: true });
  const report = trained.manager.shadow.report(shadowTest);
  assert.equal(report.mirroredRequests, 800);
  assert.equal(report.labelledPairs, 800);
  assert.ok(
    report.challengerValue! > report.championValue!,
    'the drift-trained challenger is more accurate on drift traffic',
  );
  assert.ok(report.interval && report.interval.lower < report.interval.upper);
  assert.ok(report.agreementRate! > 0 && report.agreementRate! < 1);
  assert.ok(report.tests.mcnemar && report.tests.mcnemar.pGreater < 0.05);
});

test('past the duration, the cycle completes the test and promotes; serving switches; rollback restores', async () => {
  trained.clock.advance(15 * DAY);
  const cycle = await trained.manager.runCycle({});
  const promotion = cycle.decisions.find((d) => d.outcome === 'promote');
  assert.ok(promotion, JSON.stringify(cycle.decisions.map((d) => d.summary)));
  assert.equal(promotion.challengerVersion, 2);
  assert.ok(promotion.reasons.some((r) => r.includes('always-valid bounds')));
  assert.equal(trained.stores.versions.champion('credit-risk')?.version, 2);
  assert.equal(trained.stores.versions.get('credit-risk', 1).stage, 'archived');

  await controller.reconcile();
  assert.equal(controller.gateway.championVersion, 2);
  assert.deepEqual(controller.gateway.shadowVersions, []);
  assert.deepEqual(
    controller.services().map((s) => s.version),
    [2],
    'the old champion is drained and stopped',
  );

  const rollback = trained.manager.promotions.rollback('credit-risk', { actor: 'test', reason: 'drill' });
  assert.equal(rollback.outcome, 'rollback');
  assert.equal(trained.stores.versions.champion('credit-risk')?.version, 1);
  await controller.reconcile();
  assert.equal(controller.gateway.championVersion, 1);
});

test('a load of concurrent requests during promotion sees zero failed responses', async () => {
  const { outcomes } = await promoteUnderLoad({
    manager: trained.manager,
    stores: trained.stores,
    controller,
    url,
    modelName: 'credit-risk',
    versions: [2],
    bodies: recordsFromCsv(trained.driftFile, 200).map((record) => JSON.stringify(record)),
    workers: 16,
    settleMs: 300,
  });
  assert.equal(controller.gateway.championVersion, 2);
  assert.ok(outcomes.length > 100, `sent ${outcomes.length}`);
  assert.deepEqual([...new Set(outcomes.map((o) => o.status))], [200], 'no request failed during the switch');
  assert.deepEqual(
    [...new Set(outcomes.map((o) => o.version))].sort(),
    [1, 2],
    'traffic moved from v1 to v2',
  );
});

test('feedback: unknown request ids, malformed bodies and bad items are 4xx and store nothing', async () => {
  const pool = new Pool(url);
  const unknown = await post(pool, '/feedback', { request_id: 'nope', actual: 1 });
  assert.equal(unknown.status, 404);
  assert.match(String((unknown.body.error as { message: string }).message), /nope/);
  const malformed = await post(pool, '/feedback', '{"request_id": ');
  assert.equal(malformed.status, 400);
  const badItem = await post(pool, '/feedback', [{ request_id: 'x', actual: 1 }, { actual: 1 }]);
  assert.equal(badItem.status, 400);
  assert.match(String((badItem.body.error as { message: string }).message), /item 1/);
  const noJson = await post(pool, '/predict', 'not json');
  assert.equal(noJson.status, 400);
  const health = await pool.request({ path: '/health', method: 'GET' });
  assert.equal(health.statusCode, 200);
  await health.body.text();
  await pool.close();
});
