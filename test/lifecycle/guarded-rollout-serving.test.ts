import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkRollout, type GuardCheckDeps } from '../../main/lifecycle/guarded-rollout/index.js';
import { controllerSource, ServiceMetricsSampler } from '../../main/monitoring/service-metrics/index.js';
import { replay } from '../../main/serving/replay.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { startServingController } from '../helpers/serving-controller.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/**
 * The guarded rollout against real serving: a gateway and model services as child processes,
 * traffic replayed from a CSV, the gateway's metrics sampled as `podium serve` samples them.
 */
let trained: TrainedWorkspace;
let controller: ServingController;
let url: string;
let sampler: ServiceMetricsSampler;
let deps: GuardCheckDeps;

before(async () => {
  trained = await trainedWorkspace({
    samples: 600,
    configure: (config) => {
      config.rollout.baking_period = '10m';
      config.rollout.min_requests = 40;
      config.rollout.min_labelled = 40;
      config.rollout.max_metric_drop = 0.3;
      // A fresh service's first answers are slow on a busy test machine: the latency guards are
      // judged in the unit tests with recorded metrics, the 5xx and metric guards here.
      config.rollout.max_latency_p99_ms = 0;
      config.rollout.max_latency_p99_ratio = 0;
    },
  });
  // The gateway process stamps the prediction log with the real time: the workspace clock follows it.
  trained.clock.set(new Date());
  ({ controller, url } = await startServingController(trained));
  sampler = new ServiceMetricsSampler({
    store: trained.stores.serviceMetrics,
    clock: trained.clock,
    ...controllerSource('credit-risk', controller),
  });
  deps = {
    workspace: trained.workspace,
    stores: trained.stores,
    bakingPeriods: trained.stores.bakingPeriods,
    promotions: trained.manager.promotions,
    alerts: trained.stores.alerts,
  };
});

after(async () => {
  await controller?.stop();
  trained?.workspace.cleanup();
});

const now = () => trained.clock.set(new Date());

async function promoteAndServe(version: number): Promise<void> {
  now();
  trained.manager.promotions.promote(trained.stores.versions.get('credit-risk', version), {
    actor: 'analyst',
    reason: 'guarded rollout test',
  });
  await controller.reconcile();
  assert.equal(controller.gateway.championVersion, version);
}

test('a champion whose service dies under replayed traffic is rolled back automatically', async () => {
  await promoteAndServe(trained.challenger.version);
  const opened = checkRollout(deps, 'credit-risk');
  assert.equal(opened.action, 'opened');
  assert.equal(opened.current?.status, 'baking');

  now();
  await sampler.sampleOnce(); // the baseline the next scrape's counts are measured from
  const service = controller.services().find((s) => s.version === trained.challenger.version);
  const pid = (service?.handle as { pid?: number } | undefined)?.pid;
  assert.ok(pid, 'the new champion runs as a child process');
  let killed = false;
  const report = await replay({
    gatewayUrl: url,
    file: trained.driftFile,
    rate: 250,
    limit: 120,
    concurrency: 4,
    onProgress: (progress) => {
      // Mid-bake, the new champion's process dies: callers get 503 until it is back.
      if (!killed && progress.sent >= 20) {
        killed = true;
        process.kill(pid, 'SIGKILL');
      }
    },
  });
  assert.ok(
    (report.statuses['503'] ?? 0) > 10,
    `callers saw the champion fail: ${JSON.stringify(report.statuses)}`,
  );

  now();
  await sampler.sampleOnce();
  const status = checkRollout(deps, 'credit-risk');
  assert.equal(status.action, 'rolled_back', JSON.stringify(status.current?.guards, null, 2));
  assert.equal(status.champion, trained.champion.version);
  assert.equal(status.current?.status, 'rolled_back');
  assert.deepEqual(
    status.current?.breaches.map((b) => b.guard),
    ['5xx_rate'],
  );

  const [entry] = trained.stores.audit.list({ modelName: 'credit-risk', limit: 1 });
  assert.equal(entry.action, 'rollback');
  assert.equal(entry.details.automatic, true);
  assert.equal(entry.fromVersion, trained.challenger.version);
  assert.equal(entry.toVersion, trained.champion.version);
  const [event] = trained.stores.lifecycleEvents.list({
    model: 'credit-risk',
    type: 'champion.rolled_back_automatically',
  });
  assert.ok(event, 'the lifecycle event of an automatic rollback');
  const alerts = trained.stores.alerts
    .list({ modelName: 'credit-risk' })
    .filter((a) => a.rule === 'champion_rolled_back');
  assert.equal(alerts.length, 1);

  // Serving follows the registry: the restored champion answers again.
  await controller.reconcile();
  assert.equal(controller.gateway.championVersion, trained.champion.version);
  const after = await replay({
    gatewayUrl: url,
    file: trained.driftFile,
    rate: 500,
    limit: 20,
    concurrency: 4,
  });
  assert.equal(after.ok, 20, JSON.stringify(after.statuses));
});

test('a healthy promotion bakes under replayed, labelled traffic and passes without a rollback', async () => {
  await promoteAndServe(trained.challenger.version);
  assert.equal(checkRollout(deps, 'credit-risk').action, 'opened');
  now();
  await sampler.sampleOnce();
  const report = await replay({
    gatewayUrl: url,
    file: trained.driftFile,
    rate: 500,
    limit: 100,
    concurrency: 4,
  });
  assert.equal(report.ok, 100, JSON.stringify(report.statuses));
  assert.equal(report.labelled, 100);

  now();
  await sampler.sampleOnce();
  const during = checkRollout(deps, 'credit-risk');
  assert.equal(during.current?.status, 'baking');
  const verdicts = Object.fromEntries(during.current!.guards.map((g) => [g.guard, [g.verdict, g.basis]]));
  assert.deepEqual(verdicts, {
    '5xx_rate': ['ok', 'gateway'],
    latency_p99: ['off', 'gateway'],
    latency_p99_ratio: ['off', 'gateway'],
    primary_metric: ['ok', 'realised'],
  });

  trained.clock.advance(11 * 60_000);
  const done = checkRollout(deps, 'credit-risk');
  assert.equal(done.action, 'passed');
  assert.equal(done.champion, trained.challenger.version);
  assert.equal(trained.stores.audit.list({ modelName: 'credit-risk', limit: 1 })[0].action, 'promote');
  assert.equal(
    trained.stores.alerts.list({ modelName: 'credit-risk' }).filter((a) => a.rule === 'champion_rolled_back')
      .length,
    1,
    'no second rollback alert',
  );
});
