import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MaintenanceRunSummary } from '../../main/contract/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { createLifecycleScheduler } from '../../main/scheduler/index.js';
import { recordLifecycleEvent } from '../../main/workspace/lifecycle-event-store.js';
import { alertServiceFor, storesOf } from '../helpers/stores.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const DAY = 86_400_000;

test('the weekly maintenance forgets settled webhook events past the retention, never a pending one or the newest', async () => {
  const clock = fakeClock(new Date('2026-01-01T00:00:00Z'));
  const workspace = tempWorkspace({ clock });
  try {
    const stores = storesOf(workspace);
    const events = stores.lifecycleEvents;
    const record = () =>
      recordLifecycleEvent(workspace.db, clock, { type: 'webhook.test', modelName: null, data: {} });
    const endpoint = 'hook-a';
    events.registerEndpoint(endpoint);
    const delivered = record();
    const pending = record();
    const undelivered = record();
    events.enqueueNew(endpoint, 'hooks.example', []);
    for (const id of [delivered, undelivered]) {
      const status = id === delivered ? 'delivered' : 'failed';
      events.recordAttempt(id, endpoint, {
        status,
        attempts: 1,
        lastStatus: 200,
        lastError: null,
        nextAttemptAt: null,
      });
    }
    const oldNewest = record();
    clock.advance(100 * DAY);
    const recent = record();

    const scheduler = createLifecycleScheduler(workspace, {
      manager: new ChampionChallengerManager(workspace, stores),
      stores,
      alerts: alertServiceFor(workspace),
      settings: { timezone: 'UTC', cycleCron: '', cleanupCron: '', historyRetentionDays: 90 },
    });
    const run = await scheduler.runOnce('maintenance');
    assert.equal(run.outcome, 'succeeded');
    assert.equal((run.summary as MaintenanceRunSummary).prunedSettledEvents, 3);
    const left = events.list({ limit: 10 }).map((event) => event.id);
    assert.deepEqual(left, [recent, pending], 'the pending delivery and the recent event stay');
    assert.ok(!left.includes(oldNewest) && !left.includes(delivered) && !left.includes(undelivered));

    // Everything settled and old, the newest included: the newest still stays, so ids never repeat.
    events.recordAttempt(pending, endpoint, {
      status: 'delivered',
      attempts: 2,
      lastStatus: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    clock.advance(100 * DAY);
    assert.equal(events.pruneSettled(new Date(clock.now().getTime() - DAY)), 1);
    assert.deepEqual(
      events.list().map((event) => event.id),
      [recent],
    );
    assert.ok(record() > recent, 'a new event gets a new id');
  } finally {
    workspace.cleanup();
  }
});
