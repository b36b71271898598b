import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import {
  assertValidCron,
  dueJobs,
  type JobHistory,
  nextFire,
  previousFire,
} from '../../main/scheduler/index.js';

const at = (iso: string) => new Date(iso);
const cycle = { name: 'cycle', cron: '0 */6 * * *', timezone: 'UTC' };
const none: JobHistory = { lastHandledFire: null, lastSucceededAt: null, hasRuns: false };

function due(now: string, since: string, history: JobHistory, catchUp = true) {
  return dueJobs({ now: at(now), since: at(since), catchUp, jobs: [cycle], history: () => history });
}

test('cron arithmetic: a fire exactly at now is the previous fire; time zones are honoured', () => {
  assert.equal(previousFire(cycle, at('2026-01-01T06:00:00Z'))?.toISOString(), '2026-01-01T06:00:00.000Z');
  assert.equal(previousFire(cycle, at('2026-01-01T05:59:59Z'))?.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.equal(nextFire(cycle, at('2026-01-01T06:00:00Z'))?.toISOString(), '2026-01-01T12:00:00.000Z');
  const daily = { cron: '0 2 * * *', timezone: 'Europe/Berlin' };
  assert.equal(nextFire(daily, at('2026-01-01T00:00:00Z'))?.toISOString(), '2026-01-01T01:00:00.000Z');
  assert.throws(
    () => assertValidCron({ cron: 'every day' }, 'scheduler.cycle_cron'),
    (e: unknown) =>
      e instanceof PodiumError && e.code === 'CONFIG_INVALID' && /scheduler.cycle_cron/.test(e.message),
  );
  assert.throws(() => assertValidCron({ cron: '0 * * * *', timezone: 'Mars/Olympus' }, 'scheduler.timezone'));
});

test('a fire after the start is due until a run answers it', () => {
  const start = '2026-01-01T01:00:00Z';
  assert.deepEqual(due('2026-01-01T05:00:00Z', start, none), []);
  assert.deepEqual(due('2026-01-01T06:00:00Z', start, none), [
    { job: 'cycle', trigger: 'schedule', scheduledFor: at('2026-01-01T06:00:00Z') },
  ]);
  const answered = { lastHandledFire: at('2026-01-01T06:00:00Z'), lastSucceededAt: null, hasRuns: true };
  assert.deepEqual(due('2026-01-01T07:00:00Z', start, answered), [], 'a failed run still answers its fire');
  assert.equal(due('2026-01-01T12:00:00Z', start, answered).length, 1);
});

test('missed fires are caught up as one run, only at start, only for jobs with a history', () => {
  const start = '2026-01-03T10:00:00Z';
  const ranOnce = {
    lastHandledFire: at('2026-01-01T06:00:00Z'),
    lastSucceededAt: at('2026-01-01T06:00:00Z'),
    hasRuns: true,
  };
  assert.deepEqual(due(start, start, ranOnce), [
    { job: 'cycle', trigger: 'catch_up', scheduledFor: at('2026-01-03T06:00:00Z') },
  ]);
  assert.deepEqual(due('2026-01-03T11:00:00Z', start, ranOnce, false), [], 'not after the first tick');
  assert.deepEqual(due(start, start, none), [], 'a job that never ran missed nothing');
  const upToDate = { ...ranOnce, lastSucceededAt: at('2026-01-03T06:00:01Z') };
  assert.deepEqual(due(start, start, upToDate), []);
});
