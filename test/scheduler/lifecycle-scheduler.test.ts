import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertEvidenceByRule, CycleRunSummary, LockBusyRunSummary } from '../../main/contract/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import type { AlertService } from '../../main/monitoring/alerts/index.js';
import {
  type CreateSchedulerInput,
  createLifecycleScheduler,
  LeaseLock,
  type LifecycleScheduler,
} from '../../main/scheduler/index.js';
import { openWorkspace, type Workspace } from '../../main/workspace/index.js';
import { alertServiceFor, storesOf } from '../helpers/stores.js';
import { defaultConfig, type FakeClock, fakeClock, tempDir, tempWorkspace } from '../helpers/workspace.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type SchedulerFixture = {
  workspace: Workspace & { cleanup(): void };
  clock: FakeClock;
  manager: ChampionChallengerManager;
  alerts: AlertService;
  incomingDir: string;
  scheduler(input?: Partial<CreateSchedulerInput>, workspace?: Workspace): LifecycleScheduler;
};

/** An empty workspace whose cycles look in their own incoming folder, schedules read in UTC. */
function schedulerFixture(): SchedulerFixture {
  const clock = fakeClock();
  const incomingDir = tempDir('podium-incoming-');
  const workspace = tempWorkspace({
    clock,
    configure: (config) => {
      config.data.incoming_dir = incomingDir;
      // The guarded rollout's minute watch has its own tests; these count the cycle's runs.
      config.rollout.check_cron = '';
    },
  });
  const manager = new ChampionChallengerManager(workspace, storesOf(workspace));
  const alerts = alertServiceFor(workspace);
  return {
    workspace,
    clock,
    manager,
    alerts,
    incomingDir,
    scheduler: (input = {}, ws = workspace) =>
      createLifecycleScheduler(ws, {
        manager: ws === workspace ? manager : new ChampionChallengerManager(ws, storesOf(ws)),
        stores: storesOf(ws),
        alerts,
        ...input,
        settings: { timezone: 'UTC', ...input.settings },
      }),
  };
}

/** Moves the fake clock forward an hour at a time, ticking at each step, as the timers would. */
async function tickThrough(fixture: SchedulerFixture, scheduler: LifecycleScheduler, hours: number) {
  for (let hour = 0; hour < hours; hour++) {
    fixture.clock.advance(HOUR);
    await scheduler.tick();
  }
}

let fx: SchedulerFixture;
beforeEach(() => {
  fx = schedulerFixture();
});
afterEach(async () => {
  fx.workspace.cleanup();
  await rm(fx.incomingDir, { recursive: true, force: true });
});

test('6-hourly cycles over three simulated days: 12 cycle runs and 3 daily clean-ups recorded', async () => {
  const scheduler = fx.scheduler();
  await tickThrough(fx, scheduler, 72);
  const runs = scheduler.runs.list({ limit: 1000 });
  const cycles = runs.filter((r) => r.job === 'cycle').reverse();
  assert.equal(cycles.length, 12);
  assert.ok(cycles.every((r) => r.outcome === 'succeeded' && r.trigger === 'schedule'));
  assert.deepEqual(
    cycles.slice(0, 4).map((r) => r.scheduledFor),
    [
      '2026-01-01T06:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
      '2026-01-01T18:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
    ],
  );
  const cycleSummary = cycles[0].summary as CycleRunSummary;
  assert.deepEqual(cycleSummary.decisionIds, []);
  assert.equal(cycleSummary.model, 'credit-risk');
  assert.equal(runs.filter((r) => r.job === 'cleanup' && r.outcome === 'succeeded').length, 3);
  assert.equal(runs.filter((r) => r.job === 'maintenance').length, 0, 'weekly: first fire is on Sunday');
  assert.equal(scheduler.lock.holder('lifecycle'), null, 'every run released its lock');
});

test('two cycles never overlap: started together, one runs and the other is skipped', async () => {
  const second = openWorkspace(fx.workspace.paths.root, {
    config: defaultConfig((c) => {
      c.data.incoming_dir = fx.incomingDir;
    }),
    clock: fx.clock,
  });
  try {
    const a = fx.scheduler();
    const b = fx.scheduler({}, second);
    const [first, other] = await Promise.all([a.runOnce('cycle'), b.runOnce('cycle')]);
    assert.equal(first.outcome, 'succeeded');
    assert.equal(other.outcome, 'skipped');
    const skipped = other.summary as LockBusyRunSummary;
    assert.equal(skipped.reason, 'lock busy');
    assert.equal(skipped.holder, a.owner);
    assert.equal((await b.runOnce('cycle')).outcome, 'succeeded', 'free again once the first ended');
  } finally {
    second.close();
  }
});

test('a cycle killed halfway is recovered by the next start after its lease', async () => {
  // Day 1, 06:00: a process took the lock, started the cycle and died (no release, no end).
  fx.clock.set(new Date('2026-01-01T06:00:00Z'));
  const lease = 5 * MINUTE;
  new LeaseLock(fx.workspace.db, fx.clock).acquire('lifecycle', 'dead-host:4242:abcd', lease);
  const deadRun = fx.scheduler({ owner: 'dead-host:4242:abcd' }).runs.start({
    job: 'cycle',
    trigger: 'schedule',
    scheduledFor: new Date('2026-01-01T06:00:00Z'),
    owner: 'dead-host:4242:abcd',
  });

  fx.clock.advance(2 * MINUTE);
  const early = fx.scheduler({ settings: { leaseMs: lease } });
  const tried = await early.start();
  await early.stop();
  assert.deepEqual(
    tried.map((r) => [r.job, r.trigger, r.outcome]),
    [['cycle', 'catch_up', 'skipped']],
    'within the lease the dead owner still holds the lock',
  );

  fx.clock.advance(4 * MINUTE);
  const next = fx.scheduler({ settings: { leaseMs: lease } });
  const recovered = await next.start();
  await next.stop();
  assert.deepEqual(
    recovered.map((r) => [r.job, r.trigger, r.outcome, r.scheduledFor]),
    [['cycle', 'catch_up', 'succeeded', '2026-01-01T06:00:00.000Z']],
  );
  const abandoned = next.runs.get(deadRun)!;
  assert.equal(abandoned.outcome, 'failed');
  assert.equal(abandoned.error?.code, 'CANCELLED');
  assert.equal(next.lock.holder('lifecycle'), null);
});

test('runs missed while closed are caught up once at start, then the schedule resumes', async () => {
  const settings = { cleanupCron: '', maintenanceCron: '' };
  const before = fx.scheduler({ settings });
  await tickThrough(fx, before, 6); // one cycle at 06:00
  await before.stop();

  fx.clock.set(new Date('2026-01-02T10:00:00Z')); // closed through 12:00, 18:00, 00:00 and 06:00
  const after = fx.scheduler({ settings });
  const caughtUp = await after.tick();
  assert.deepEqual(
    caughtUp.map((r) => [r.trigger, r.outcome, r.scheduledFor]),
    [['catch_up', 'succeeded', '2026-01-02T06:00:00.000Z']],
  );
  fx.clock.advance(30 * MINUTE);
  assert.deepEqual(await after.tick(), [], 'caught up once, not once per missed fire');
  assert.deepEqual(after.dueJobs(), []);

  fx.clock.set(new Date('2026-01-02T12:00:00Z'));
  const resumed = await after.tick();
  assert.deepEqual(
    resumed.map((r) => [r.trigger, r.scheduledFor]),
    [['schedule', '2026-01-02T12:00:00.000Z']],
  );
  assert.equal(after.runs.list({ job: 'cycle' }).length, 3);
});

test('a failing cycle raises one cycle_failed alert, counted while it fails, resolved when it recovers', async () => {
  writeFileSync(join(fx.incomingDir, 'broken.csv'), 'a,b\n1,2\n3,4\n');
  const scheduler = fx.scheduler({ settings: { cleanupCron: '', maintenanceCron: '' } });
  await tickThrough(fx, scheduler, 12); // cycles at 06:00 and 12:00 fail
  const failed = scheduler.runs.list({ job: 'cycle' });
  assert.deepEqual(
    failed.map((r) => r.outcome),
    ['failed', 'failed'],
  );
  assert.ok(failed[0].error?.message);
  const [alert] = fx.alerts.list({ status: 'open' });
  assert.equal(alert.rule, 'cycle_failed');
  assert.equal(alert.count, 2);
  assert.equal(alert.modelName, 'credit-risk');
  const evidence = alert.evidence as AlertEvidenceByRule['cycle_failed'];
  assert.equal(evidence.jobRunId, failed[0].id, 'evidence of the latest failed run');
  assert.equal(scheduler.lock.holder('lifecycle'), null, 'a failed run releases the lock too');

  await rm(join(fx.incomingDir, 'broken.csv'));
  await tickThrough(fx, scheduler, 6);
  assert.equal(scheduler.runs.list({ job: 'cycle', limit: 1 })[0].outcome, 'succeeded');
  assert.equal(fx.alerts.store.get(alert.id)?.status, 'resolved');
});

test('the lease is renewed while a long job runs; a lost lease aborts the job signal', async () => {
  const lease = 5 * MINUTE;
  let stolen = false;
  const scheduler = fx.scheduler({
    settings: { leaseMs: lease, cycleCron: '', cleanupCron: '', maintenanceCron: '' },
    renewEveryMs: 10,
    jobs: [
      {
        name: 'long',
        cron: '0 0 * * *',
        lock: 'lifecycle',
        run: async () => {
          for (let i = 0; i < 3; i++) {
            fx.clock.advance(4 * MINUTE); // 12 minutes in all: past the lease unless renewed
            await sleep(40);
          }
          stolen = new LeaseLock(fx.workspace.db, fx.clock).acquire('lifecycle', 'thief', lease).acquired;
          return { summary: { minutes: 12 } };
        },
      },
      {
        name: 'loses-lock',
        cron: '0 0 * * *',
        run: async ({ signal }) => {
          fx.workspace.db
            .prepare("UPDATE scheduler_locks SET owner = 'thief' WHERE name = 'loses-lock'")
            .run();
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          return { summary: { aborted: signal.aborted } };
        },
      },
    ],
  });
  const long = await scheduler.runOnce('long');
  assert.equal(long.outcome, 'succeeded');
  assert.equal(stolen, false, 'renewals kept the lock');
  assert.equal(long.durationMs, 12 * MINUTE);
  const lost = await scheduler.runOnce('loses-lock');
  assert.deepEqual(lost.summary, { aborted: true, decisionIds: [] });
});

test('start() wires timers and stop() waits for the running job', async () => {
  let finished = false;
  const scheduler = fx.scheduler({
    settings: { cleanupCron: '', maintenanceCron: '' },
    jobs: [
      {
        name: 'slow',
        cron: '0 0 1 1 *',
        run: async () => {
          await sleep(150);
          finished = true;
          return {};
        },
      },
    ],
  });
  assert.deepEqual(await scheduler.start(), []);
  assert.deepEqual(
    scheduler.nextRuns().map((n) => [n.job, n.next?.toISOString()]),
    [
      ['cycle', '2026-01-01T06:00:00.000Z'],
      ['slow', '2027-01-01T00:00:00.000Z'],
    ],
  );
  const running = scheduler.runOnce('slow');
  await sleep(10);
  await scheduler.stop();
  assert.equal(finished, true);
  assert.equal((await running).outcome, 'succeeded');
  assert.deepEqual(await scheduler.tick(), [], 'a stopped scheduler runs nothing');
  assert.throws(() =>
    fx.scheduler({ jobs: [{ name: 'Bad Name', cron: '* * * * *', run: async () => ({}) }] }),
  );
  assert.throws(() => fx.scheduler({ settings: { cycleCron: 'often' } }), /scheduler job cycle/);
});

test('with no model named in the config and none registered, a cycle is skipped, saying why (no failure alert)', async () => {
  fx.workspace.config.training.model_name = '';
  const run = await fx.scheduler().runOnce('cycle');
  assert.equal(run.outcome, 'skipped');
  assert.match(String((run.summary as { reason?: string }).reason), /No model is registered yet/);
  assert.deepEqual(fx.alerts.list({ status: 'open' }), []);
});
