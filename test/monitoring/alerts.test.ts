import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import type { AlertEvidenceByRule } from '../../main/contract/index.js';
import type { AlertRecord, NewAlert } from '../../main/monitoring/alerts/index.js';
import { alertServiceFor } from '../helpers/stores.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const clock = fakeClock();
const workspace = tempWorkspace({ clock });
const alerts = alertServiceFor(workspace);
after(() => workspace.cleanup());

function drift(model: string, features: string[]): NewAlert {
  return {
    rule: 'dataset_drift',
    modelName: model,
    title: `Drift in ${model}`,
    message: `${features.length} feature(s) drifted`,
    evidence: { driftedFeatures: features, checkedFeatures: 14 },
  };
}

test('a repeat of an open alert counts up one row instead of adding another', () => {
  const announced: AlertRecord[] = [];
  const updated: AlertRecord[] = [];
  const offNew = alerts.on('alert', (a) => announced.push(a));
  const offUpdated = alerts.on('alert-updated', (a) => updated.push(a));
  const first = alerts.raise(drift('credit-risk', ['age']));
  clock.advance(60_000);
  const second = alerts.raise(drift('credit-risk', ['age', 'region']));
  offNew();
  offUpdated();
  alerts.raise(drift('credit-risk', ['age']));

  assert.equal(second.id, first.id);
  assert.equal(second.count, 2);
  assert.equal(second.createdAt, first.createdAt);
  assert.equal(second.lastSeenAt, '2026-01-01T00:01:00.000Z');
  // The latest evidence describes the problem as it is now.
  assert.deepEqual((second.evidence as AlertEvidenceByRule['dataset_drift']).driftedFeatures, [
    'age',
    'region',
  ]);
  assert.equal(second.severity, 'warning');
  assert.equal(second.dedupKey, 'dataset_drift:credit-risk');
  assert.deepEqual(
    announced.map((a) => a.id),
    [first.id],
  );
  assert.deepEqual(
    updated.map((a) => a.count),
    [2],
    'unsubscribed listeners hear nothing more',
  );
  assert.equal(alerts.list({ status: 'open' }).filter((a) => a.rule === 'dataset_drift').length, 1);
});

test('different models or keys are different alerts; severity only rises on repeat', () => {
  const other = alerts.raise(drift('fraud', ['amount']));
  const keyed = alerts.raise({
    rule: 'service_down',
    modelName: 'credit-risk',
    dedupKey: 'service_down:credit-risk:v3',
    title: 'v3 is down',
    message: 'the process exited',
    evidence: { version: 3, state: 'exited' },
  });
  assert.equal(keyed.severity, 'critical', 'service_down defaults to critical');
  const milder = alerts.raise({
    rule: 'service_down',
    modelName: 'credit-risk',
    dedupKey: 'service_down:credit-risk:v3',
    severity: 'info',
    title: 'v3 is down',
    message: 'still down',
    evidence: { version: 3, state: 'exited' },
  });
  assert.equal(milder.id, keyed.id);
  assert.equal(milder.severity, 'critical');
  assert.notEqual(other.id, keyed.id);
});

test('acknowledge records who and when; an acknowledged alert stays acknowledged on repeat', () => {
  const alert = alerts.list({ status: 'open' }).find((a) => a.dedupKey === 'dataset_drift:credit-risk')!;
  clock.advance(60_000);
  const acked = alerts.acknowledge(alert.id, 'ana');
  assert.equal(acked.status, 'acknowledged');
  assert.equal(acked.acknowledgedBy, 'ana');
  assert.equal(acked.acknowledgedAt, clock.now().toISOString());
  assert.equal(
    alerts.acknowledge(alert.id, 'bob').acknowledgedBy,
    'ana',
    'acknowledging twice changes nothing',
  );

  const repeat = alerts.raise(drift('credit-risk', ['age']));
  assert.equal(repeat.id, alert.id);
  assert.equal(repeat.status, 'acknowledged');
  assert.equal(repeat.count, 4);
  assert.ok(!alerts.list({ status: 'open' }).some((a) => a.id === alert.id));
  assert.ok(alerts.list({ status: ['open', 'acknowledged'] }).some((a) => a.id === alert.id));
});

test('after resolution the same problem opens a new alert', () => {
  const old = alerts.resolveByKey('dataset_drift:credit-risk', 'scheduler');
  assert.equal(old?.status, 'resolved');
  assert.throws(
    () => alerts.acknowledge(old!.id, 'ana'),
    (e: unknown) => e instanceof PodiumError && e.code === 'CONFLICT',
  );
  const fresh = alerts.raise(drift('credit-risk', ['income']));
  assert.notEqual(fresh.id, old!.id);
  assert.equal(fresh.count, 1);
  assert.equal(fresh.status, 'open');
  assert.equal(alerts.list({ status: 'resolved' }).length, 1);
  assert.equal(alerts.list({ limit: 2 }).length, 2);
});

test('the schema itself refuses a second unresolved alert with the same key', () => {
  const insert = workspace.db.prepare(
    `INSERT INTO alerts (rule, severity, title, message, evidence_json, dedup_key, status, created_at, last_seen_at)
     VALUES ('dataset_drift', 'warning', 't', 'm', '{}', 'dataset_drift:credit-risk', 'open', 'x', 'x')`,
  );
  assert.throws(() => insert.run(), /UNIQUE/);
});

test('unknown ids are NOT_FOUND; a throwing listener does not stop the others or raise()', () => {
  assert.throws(
    () => alerts.acknowledge(9999, 'ana'),
    (e: unknown) => e instanceof PodiumError && e.code === 'NOT_FOUND',
  );
  const heard: number[] = [];
  const offBad = alerts.on('alert', () => {
    throw new Error('listener bug');
  });
  const offGood = alerts.on('alert', (a) => heard.push(a.id));
  const raised = alerts.raise({
    rule: 'error_rate',
    modelName: 'credit-risk',
    title: 'Errors above 5%',
    message: '7% of requests failed',
    evidence: { rate: 0.07, threshold: 0.05, requests: 1000 },
  });
  offBad();
  offGood();
  assert.deepEqual(heard, [raised.id]);
  assert.equal(raised.delivery.status, 'none', 'no webhook configured');
});
