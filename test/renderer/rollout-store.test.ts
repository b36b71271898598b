import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createApi, createLocalClient } from '../../main/app/index.js';
import {
  automaticRollback,
  createRolloutStore,
  guardRows,
  shownBakingPeriod,
} from '../../renderer/store/rollout-store.js';
import { checkedClient } from '../helpers/contract-check.js';
import { gatewaySamplesAt } from '../helpers/gateway-sample.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { fakeClock } from '../helpers/workspace.js';

/**
 * The Registry's Rollout panel reads `rollout.status` through the operation table, as the UI's
 * client does: a real workspace (SQLite), the real API, a fake clock for the baking period.
 */
const clock = fakeClock(new Date('2026-05-01T10:00:00Z'));
const fixture = registryFixture(clock);
const { workspace, register } = fixture;
workspace.config.monitoring.metrics_port = 0;
workspace.config.rollout.baking_period = '10m';
workspace.config.rollout.min_requests = 50;
const api = createApi({ workspace, env: {}, cwd: workspace.paths.root });
const client = checkedClient(createLocalClient(api));
after(async () => {
  await api.close();
  workspace.cleanup();
});

const gatewaySample = gatewaySamplesAt(clock);

const v1 = register('churn', 'binary', 1, { roc_auc: 0.8 });
const v2 = register('churn', 'binary', 2, { roc_auc: 0.82 });
const { promotions } = api.context.manager;
promotions.promote(v1, { actor: 'test' });

test('the Rollout panel shows a baking champion: started, ends, each guard with reading, threshold and status', async () => {
  const store = createRolloutStore(client);
  await store.getState().load('churn');
  assert.equal(store.getState().status.data?.current, null, 'the first champion does not bake');
  assert.equal(shownBakingPeriod(store.getState().status.data!), null);

  clock.advance(60_000);
  promotions.promote(v2, { actor: 'analyst', reason: 'better roc_auc' });
  clock.advance(30_000);
  api.context.stores.serviceMetrics.record([gatewaySample(80, 2, 40)]);
  await store.getState().load('churn');
  const status = store.getState().status;
  assert.equal(status.error, null);
  const period = shownBakingPeriod(status.data!);
  assert.ok(period);
  assert.equal(period.status, 'baking');
  assert.equal(period.version, 2);
  assert.equal(Date.parse(period.endsAt) - Date.parse(period.startedAt), 10 * 60_000);
  const rows = Object.fromEntries(guardRows(period).map((row) => [row.guard, row]));
  assert.deepEqual(
    [rows['5xx_rate'].reading, rows['5xx_rate'].threshold, rows['5xx_rate'].verdict, rows['5xx_rate'].tone],
    ['2.5%', `≤ ${(workspace.config.rollout.max_5xx_rate * 100).toFixed(1)}%`, 'ok', 'ok'],
  );
  assert.equal(rows.latency_p99.verdict, 'ok');
  assert.match(rows.latency_p99.reading, /^\d+ ms$/);
  assert.equal(rows.primary_metric.verdict, 'no_verdict', 'no labels and no logged requests to estimate on');
  assert.equal(rows.primary_metric.reading, '—');
  assert.equal(automaticRollback(period), null);
});

test('after an automatic rollback the panel shows the tripped guard and the rollback decision', async () => {
  clock.advance(30_000);
  api.context.stores.serviceMetrics.record([gatewaySample(100, 60)]);
  const store = createRolloutStore(client);
  await store.getState().load('churn');
  const status = store.getState().status.data!;
  assert.equal(status.action, 'rolled_back');
  assert.equal(status.champion, 1);
  const period = shownBakingPeriod(status);
  assert.equal(period?.status, 'rolled_back');
  const breach = guardRows(period!).find((row) => row.guard === '5xx_rate');
  assert.equal(breach?.verdict, 'breach');
  assert.equal(breach?.tone, 'bad');
  assert.match(
    automaticRollback(period!) ?? '',
    new RegExp(
      `^v2 was rolled back automatically to v1 \\(decision #${period!.rollbackDecisionId}\\) — 5xx rate: `,
    ),
  );

  // On a later visit the restored champion does not bake; the panel still shows the rollback.
  await store.getState().load('churn');
  const later = store.getState().status.data!;
  assert.equal(later.current, null);
  assert.equal(shownBakingPeriod(later)?.id, period?.id);
});
