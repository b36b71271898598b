import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { JobProgressEvent } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { type ApiFixture, apiFixture, trainLinearChampion } from './api-fixture.js';

const MODEL = 'credit-risk';
/** Big enough that reading, scoring and the statistics take seconds of CPU. */
const LARGE_ROWS = 300_000;
/** Generous: on the calling thread, a check of this size blocks it for seconds. */
const MAX_EVENT_LOOP_DELAY_MS = 1000;

describe('a drift check of a large dataset through the API leaves the calling thread free', () => {
  let fixture: ApiFixture;
  let largeId: string;
  before(async () => {
    fixture = apiFixture();
    const { client } = fixture;
    const baseline = await client.send('data.ingest', {
      fileName: 'baseline.csv',
      csvText: generateSampleData({ samples: 2000, drift: false, seed: 7 }),
    });
    await trainLinearChampion(client, baseline.id);
    largeId = (
      await client.send('data.ingest', {
        fileName: 'large.csv',
        csvText: generateSampleData({ samples: LARGE_ROWS, drift: true, seed: 7 }),
      })
    ).id;
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('answers other calls and keeps the event loop delay under a second meanwhile', async () => {
    const { client } = fixture;
    const progress: JobProgressEvent[] = [];
    const off = client.listen('job.progress', (event) => {
      if (event.kind === 'drift') progress.push(event);
    });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const check = client.send('drift.report', { model: MODEL, datasetId: largeId });
    // Other calls keep being answered while the check runs.
    const answers: number[] = [];
    let done = false;
    void check.finally(() => {
      done = true;
    });
    while (!done) {
      const asked = performance.now();
      await client.send('overview.get', {});
      answers.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stored = await check;
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    off();
    const maxDelayMs = delay.max / 1e6;
    assert.ok(stored);
    assert.equal(stored.rows, LARGE_ROWS);
    assert.equal(stored.datasetId, largeId);
    assert.ok(stored.report.prediction, 'the champion scored the rows');
    assert.ok(
      maxDelayMs < MAX_EVENT_LOOP_DELAY_MS,
      `event loop blocked up to ${maxDelayMs.toFixed(0)} ms during a ${seconds.toFixed(1)} s check`,
    );
    assert.ok(answers.length >= 2, `overview.get answered ${answers.length} times during the check`);
    assert.deepEqual(
      [...new Set(progress.map((event) => event.step))],
      ['reading', 'scoring', 'statistics', 'done'],
    );
    const [job] = (await client.send('jobs.list', {})).filter((j) => j.kind === 'drift');
    assert.equal(job.status, 'succeeded');
  });

  it('can be cancelled from jobs.cancel; the call then fails with CANCELLED', async () => {
    const { client } = fixture;
    const cancelled = new Promise<void>((resolve) => {
      const off = client.listen('job.progress', (event) => {
        if (event.kind !== 'drift') return;
        off();
        void client.send('jobs.cancel', { jobId: event.jobId }).then(() => resolve());
      });
    });
    const before = (await client.send('drift.history', { model: MODEL })).length;
    await assert.rejects(client.send('drift.report', { model: MODEL, datasetId: largeId }), {
      code: 'CANCELLED',
    });
    await cancelled;
    const [job] = (await client.send('jobs.list', {})).filter((j) => j.kind === 'drift');
    assert.equal(job.status, 'cancelled');
    assert.equal((await client.send('drift.history', { model: MODEL })).length, before, 'nothing stored');
  });
});
