import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import {
  checkRollout,
  evaluateGuards,
  type GuardCheckDeps,
  type GuardReadings,
  parseDuration,
} from '../../main/lifecycle/guarded-rollout/index.js';
import { Promotions } from '../../main/lifecycle/index.js';
import { registryHandlers } from '../../main/registry/handlers.js';
import { gatewaySamplesAt } from '../helpers/gateway-sample.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { storesOf } from '../helpers/stores.js';
import { fakeClock } from '../helpers/workspace.js';

const LIMITS = {
  max5xxRate: 0.05,
  maxLatencyP99Ms: 500,
  maxLatencyP99Ratio: 3,
  maxMetricDrop: 0.1,
  minRequests: 50,
};
const NO_METRIC: GuardReadings['metric'] = {
  metric: 'roc_auc',
  evaluated: 0.8,
  observed: null,
  basis: null,
  observations: 0,
  reason: 'no labels',
};

test('each guard judges its reading against its limit, and says when it has too little to judge', () => {
  const verdicts = (readings: GuardReadings) =>
    Object.fromEntries(evaluateGuards(readings, LIMITS).map((g) => [g.guard, g.verdict]));

  assert.deepEqual(verdicts({ service: null, before: null, metric: NO_METRIC }), {
    '5xx_rate': 'no_verdict',
    latency_p99: 'no_verdict',
    latency_p99_ratio: 'no_verdict',
    primary_metric: 'no_verdict',
  });
  const few = evaluateGuards(
    { service: { requests: 10, errors: 10, p99Ms: 9000 }, before: null, metric: NO_METRIC },
    LIMITS,
  );
  assert.equal(few[0].verdict, 'no_verdict', 'ten failed requests are not yet evidence');
  assert.match(few[0].reason, /too little traffic: 10 request\(s\).*50 needed/);

  const failing = evaluateGuards(
    {
      service: { requests: 200, errors: 40, p99Ms: 900 },
      before: { requests: 200, errors: 0, p99Ms: 100 },
      metric: { ...NO_METRIC, observed: 0.6, basis: 'realised', observations: 120, reason: '' },
    },
    LIMITS,
  );
  assert.deepEqual(
    failing.map((g) => [g.guard, g.verdict, Number(g.value?.toFixed(3))]),
    [
      ['5xx_rate', 'breach', 0.2],
      ['latency_p99', 'breach', 900],
      ['latency_p99_ratio', 'breach', 9],
      ['primary_metric', 'breach', 0.25],
    ],
  );
  assert.match(failing[3].reason, /roc_auc realised 0\.600 on 120 requests against 0\.800/);

  const healthy = evaluateGuards(
    {
      service: { requests: 200, errors: 5, p99Ms: 120 },
      before: { requests: 200, errors: 0, p99Ms: 100 },
      metric: { ...NO_METRIC, observed: 0.79, basis: 'cbpe', observations: 200, reason: '' },
    },
    LIMITS,
  );
  assert.deepEqual(
    healthy.map((g) => g.verdict),
    ['ok', 'ok', 'ok', 'ok'],
  );
  assert.match(healthy[3].reason, /estimated \(CBPE\)/);

  const off = evaluateGuards(
    { service: { requests: 200, errors: 0, p99Ms: 120 }, before: null, metric: NO_METRIC },
    { ...LIMITS, maxLatencyP99Ms: 0, maxLatencyP99Ratio: 0 },
  );
  assert.deepEqual(
    off.map((g) => g.verdict),
    ['ok', 'off', 'off', 'no_verdict'],
  );
});

test('a baking period is written as a number and a unit; anything else is refused naming the key', () => {
  assert.equal(parseDuration('1h', 'rollout.baking_period'), 3_600_000);
  assert.equal(parseDuration('90s', 'rollout.baking_period'), 90_000);
  assert.equal(parseDuration('1.5m', 'rollout.baking_period'), 90_000);
  assert.throws(
    () => parseDuration('an hour', 'rollout.baking_period'),
    (error: Error & { code?: string }) =>
      error.code === 'CONFIG_INVALID' &&
      /rollout\.baking_period: "an hour" is not a duration/.test(error.message),
  );
});

const clock = fakeClock(new Date('2026-05-01T10:00:00Z'));
const fixture = registryFixture(clock);
after(() => fixture.workspace.cleanup());
const { workspace, register, versions, log } = fixture;
workspace.config.rollout.baking_period = '10m';
workspace.config.rollout.min_requests = 50;
workspace.config.rollout.min_labelled = 40;
const stores = storesOf(workspace);
const promotions = new Promotions(workspace, versions, stores.decisions, stores.shadowTests, stores.audit);
const deps: GuardCheckDeps = {
  workspace,
  stores,
  bakingPeriods: stores.bakingPeriods,
  promotions,
  alerts: stores.alerts,
};

const gatewaySample = gatewaySamplesAt(clock);

const v1 = register('churn', 'binary', 1, { roc_auc: 0.8, accuracy: 0.75 });
const v2 = register('churn', 'binary', 2, { roc_auc: 0.82, accuracy: 0.76 });
promotions.promote(v1, { actor: 'test' });

test('the first champion does not bake: there is nothing to roll back to', () => {
  const status = checkRollout(deps, 'churn');
  assert.equal(status.current, null);
  assert.equal(status.action, 'none');
});

test('a champion failing under recorded traffic is rolled back automatically, audited, alerted and marked', () => {
  clock.advance(60_000);
  stores.serviceMetrics.record([gatewaySample(100, 0, 30)]);
  clock.advance(60_000);
  promotions.promote(v2, { actor: 'analyst', reason: 'better roc_auc' });
  const opened = checkRollout(deps, 'churn');
  assert.equal(opened.action, 'opened');
  assert.equal(opened.current?.status, 'baking');
  assert.equal(opened.current?.previousVersion, 1);
  assert.ok(
    opened.current?.guards.every((g) => g.verdict === 'no_verdict'),
    'no traffic since the promotion yet',
  );

  clock.advance(30_000);
  stores.serviceMetrics.record([gatewaySample(30, 20)]);
  const early = checkRollout(deps, 'churn');
  assert.equal(early.current?.status, 'baking', '30 requests are too few to judge, even if most failed');
  assert.match(early.current?.guards[0].reason ?? '', /too little traffic: 30/);

  clock.advance(30_000);
  stores.serviceMetrics.record([gatewaySample(70, 40)]);
  const status = checkRollout(deps, 'churn');
  assert.equal(status.action, 'rolled_back');
  assert.equal(status.champion, 1);
  assert.equal(status.current?.status, 'rolled_back');
  assert.deepEqual(
    status.current?.breaches.map((b) => [b.guard, b.value]),
    [['5xx_rate', 0.6]],
  );

  const [entry] = stores.audit.list({ modelName: 'churn', limit: 1 });
  assert.equal(entry.action, 'rollback');
  assert.equal(entry.actor, 'rollout-guard');
  assert.equal(entry.details.automatic, true);
  assert.equal(entry.decisionId, status.current?.rollbackDecisionId);
  assert.match(entry.reason, /5xx_rate \(60 of 100 requests answered 5xx/);

  const events = stores.lifecycleEvents.list({ limit: 5, model: 'churn' }).map((e) => e.type);
  assert.ok(events.includes('champion.rolled_back_automatically'), events.join(', '));

  const alert = stores.alerts.list({ modelName: 'churn' }).find((a) => a.rule === 'champion_rolled_back');
  assert.ok(alert, 'an alert is raised');
  assert.equal(alert.severity, 'critical');
  assert.deepEqual(alert.evidence, {
    version: 2,
    restoredVersion: 1,
    decisionId: status.current?.rollbackDecisionId,
    bakingPeriodId: status.current?.id,
    breaches: [{ guard: '5xx_rate', value: 0.6, limit: 0.05, reason: status.current?.breaches[0].reason }],
  });

  const again = checkRollout(deps, 'churn');
  assert.equal(again.action, 'none', 'the restored champion does not bake: it served before');
  assert.equal(again.current, null);

  const timeline = registryHandlers({
    workspace,
    actor: 'test',
    manager: { promotions },
    stores,
  });
  return timeline['registry.championTimeline']({ model: 'churn' }).then(({ periods }) => {
    const baked = periods.find((p) => p.version === 2);
    assert.equal(baked?.endedAutomatically, true);
    assert.equal(baked?.baking?.status, 'rolled_back');
    assert.equal(periods.at(-1)?.version, 1);
  });
});

test('a healthy champion passes its baking period: realised metric from labels, no rollback', () => {
  clock.advance(60_000);
  promotions.promote(v2, { actor: 'analyst', reason: 'second try' });
  assert.equal(checkRollout(deps, 'churn').action, 'opened');
  // Labelled answers of v2: 50 of them, mostly right, so the realised ROC AUC is high.
  const feedback: { requestId: string; actual: unknown }[] = [];
  for (let i = 0; i < 60; i++) {
    clock.advance(1000);
    const positive = i % 2 === 0;
    const score = positive ? 0.7 + (i % 7) / 30 : 0.3 - (i % 5) / 30;
    const requestId = randomUUID();
    log.add({
      requestId,
      modelName: 'churn',
      version: 2,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify({
        prediction: score > 0.5 ? 1 : 0,
        probabilities: { '0': 1 - score, '1': score },
      }),
      status: 200,
      latencyMs: 5,
    });
    log.flush();
    feedback.push({ requestId, actual: positive ? 1 : 0 });
  }
  log.attachFeedback(feedback);
  stores.serviceMetrics.record([gatewaySample(60, 0)]);
  const during = checkRollout(deps, 'churn');
  assert.equal(during.current?.status, 'baking');
  const metric = during.current?.guards.find((g) => g.guard === 'primary_metric');
  assert.equal(metric?.verdict, 'ok');
  assert.equal(metric?.basis, 'realised', 'enough labels: the realised value, not an estimate');
  assert.equal(during.current?.guards[0].verdict, 'ok');

  clock.advance(10 * 60_000);
  const done = checkRollout(deps, 'churn');
  assert.equal(done.action, 'passed');
  assert.equal(done.current?.status, 'passed');
  assert.equal(done.champion, 2);
  assert.equal(stores.audit.list({ modelName: 'churn', limit: 1 })[0].action, 'promote');
});
