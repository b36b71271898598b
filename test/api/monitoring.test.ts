import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Alert, CycleResult } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { type ApiFixture, apiFixture, jobOutcome, trainLinearChampion } from './api-fixture.js';

const MODEL = 'credit-risk';

describe('drift, alerts and the scheduler through the API', () => {
  let fixture: ApiFixture;
  let driftId: string;
  before(async () => {
    fixture = apiFixture();
    const { client } = fixture;
    const baseline = await client.send('data.ingest', {
      fileName: 'baseline.csv',
      csvText: generateSampleData({ samples: 1500, drift: false, seed: 5 }),
    });
    driftId = (
      await client.send('data.ingest', {
        fileName: 'drift.csv',
        csvText: generateSampleData({ samples: 1500, drift: true, seed: 5 }),
      })
    ).id;
    await trainLinearChampion(client, baseline.id);
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('checks drift of a dataset against the champion and keeps the history', async () => {
    assert.equal(await fixture.client.send('drift.report', { model: MODEL }), null);
    const stored = await fixture.client.send('drift.report', { model: MODEL, datasetId: driftId });
    assert.ok(stored);
    assert.equal(stored.version, 1);
    assert.ok(stored.report.features.length > 0);
    assert.ok(
      stored.report.features.every((f) => ['ok', 'warning', 'drift', 'not_applicable'].includes(f.status)),
    );
    const latest = await fixture.client.send('drift.report', { model: MODEL });
    assert.equal(latest?.id, stored.id);
    const history = await fixture.client.send('drift.history', { model: MODEL });
    assert.deepEqual(
      history.map((h) => h.id),
      [stored.id],
    );
  });

  it('relays raised alerts as events and acknowledges them', async () => {
    const raised = new Promise<{ alert: Alert }>((resolve) => fixture.client.listen('alert.raised', resolve));
    fixture.api.context.alerts.raise({
      rule: 'service_down',
      modelName: MODEL,
      title: 'credit-risk v1 does not answer',
      message: 'test alert',
      evidence: { version: 1, state: 'unreachable' },
    });
    const { alert } = await raised;
    assert.equal(alert.status, 'open');
    const open = await fixture.client.send('alerts.list', { status: 'open' });
    assert.deepEqual(
      open.map((a) => a.id),
      [alert.id],
    );
    const acknowledged = await fixture.client.send('alerts.acknowledge', { id: alert.id });
    assert.equal(acknowledged.status, 'acknowledged');
    assert.equal(acknowledged.acknowledgedBy, 'ui');
    assert.deepEqual(await fixture.client.send('alerts.list', { status: 'open' }), []);
  });

  it('lists scheduled jobs and runs one now as a background job', async () => {
    const jobs = await fixture.client.send('scheduler.jobs', {});
    assert.deepEqual(jobs.map((j) => j.name).sort(), ['cleanup', 'cycle', 'maintenance', 'rollout-guard']);
    assert.ok(jobs.every((j) => j.nextRun !== null && j.lastRun === null));
    const { jobId } = await fixture.client.send('scheduler.runNow', { job: 'cleanup' });
    const result = (await jobOutcome(fixture.client, jobId)) as CycleResult;
    assert.equal(result.job, 'cleanup');
    assert.equal(result.outcome, 'succeeded');
    const history = await fixture.client.send('scheduler.history', { job: 'cleanup' });
    assert.equal(history.length, 1);
    assert.equal(history[0].trigger, 'manual');
    const unknown = await fixture.client.sendCatch('scheduler.runNow', { job: 'nightly' });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
    assert.match(unknown.error?.message ?? '', /cleanup, /);
  });

  it('summarises the workspace on the overview', async () => {
    const overview = await fixture.client.send('overview.get', {});
    assert.equal(overview.models[0].model, MODEL);
    assert.equal(overview.models[0].champion?.version, 1);
    assert.deepEqual(overview.runningJobs, []);
  });
});
