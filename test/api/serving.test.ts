import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReplayReport, ShadowTestStatusView } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { freeLoopbackPort } from '../helpers/docker.js';
import { type ApiFixture, apiFixture, jobOutcome } from './api-fixture.js';

const MODEL = 'credit-risk';

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('shadow tests on real child-process services through the API', () => {
  let fixture: ApiFixture;
  let driftId: string;
  let testId: number;
  before(async () => {
    fixture = apiFixture({
      configure: (config) => {
        // No verdict while the test runs: the pairs must keep growing.
        config.champion_challenger.shadow_min_samples = 1_000_000;
        config.monitoring.service_metrics_interval_seconds = 1;
      },
    });
    const { client } = fixture;
    const baseline = await client.send('data.ingest', {
      fileName: 'baseline.csv',
      csvText: generateSampleData({ samples: 2000, drift: false, seed: 3 }),
    });
    const drift = await client.send('data.ingest', {
      fileName: 'drift.csv',
      csvText: generateSampleData({ samples: 2000, drift: true, seed: 3 }),
    });
    driftId = drift.id;
    for (const datasetId of [baseline.id, drift.id]) {
      const { jobId } = await client.send('train.start', {
        datasetId,
        target: 'target',
        modelType: 'linear',
      });
      await jobOutcome(client, jobId);
    }
    const promoted = await client.send('decisions.promote', {
      model: MODEL,
      version: 1,
      reason: 'first model',
    });
    assert.equal(promoted.outcome, 'promote');
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('starts a shadow test and the services behind a gateway', async () => {
    const test = await fixture.client.send('shadow.start', { model: MODEL, version: 2 });
    testId = test.id;
    assert.equal(test.status, 'running');
    const changed = new Promise((resolve) => fixture.client.listen('services.changed', resolve));
    const gatewayPort = await freeLoopbackPort();
    const status = await fixture.client.send('services.start', {
      model: MODEL,
      runtime: 'process',
      gatewayPort,
    });
    await changed;
    const gateway = status.gateways.find((g) => g.model === MODEL);
    assert.equal(gateway?.running, true);
    assert.equal(gateway?.url, `http://127.0.0.1:${gatewayPort}`);
    assert.deepEqual(
      status.services.map((s) => [s.serviceId, s.role, s.state]),
      [
        [`${MODEL}:1`, 'champion', 'running'],
        [`${MODEL}:2`, 'shadow', 'running'],
      ],
    );
    const listed = await fixture.client.send('shadow.list', {});
    assert.equal(listed[0].id, testId);
    assert.equal(listed[0].report?.labelledPairs, 0);
  });

  it('replays traffic and shadow.status shows the pairs growing over time', async () => {
    const replayOnce = async (limit: number) => {
      const { jobId } = await fixture.client.send('replay.start', { datasetId: driftId, rate: 400, limit });
      return (await jobOutcome(fixture.client, jobId)) as ReplayReport;
    };
    const status = () => fixture.client.send('shadow.status', { testId });
    const first = await replayOnce(150);
    assert.equal(first.ok, 150, JSON.stringify(first.statuses));
    assert.equal(first.labelled, 150);
    const afterFirst = await waitFor(status, (s) => s.report.labelledPairs >= 150);
    assert.equal(afterFirst.report.labelledPairs, 150);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await replayOnce(150);
    const afterSecond: ShadowTestStatusView = await waitFor(status, (s) => s.report.labelledPairs >= 300);
    assert.equal(afterSecond.report.labelledPairs, 300);
    assert.equal(afterSecond.samples.labelled, 300);
    assert.ok(afterSecond.samples.needed >= 1_000_000);
    assert.ok(afterSecond.secondsLeft > 0);
    const series = afterSecond.series;
    assert.ok(series.length >= 2, `series has ${series.length} points`);
    for (let i = 1; i < series.length; i++) {
      assert.ok(series[i].labelledPairs >= series[i - 1].labelledPairs, 'cumulative');
      assert.ok(series[i].at >= series[i - 1].at);
    }
    assert.equal(series.at(-1)?.labelledPairs, 300);
    const last = series.at(-1);
    assert.ok(last && last.lower !== null && last.upper !== null, 'a confidence band');
    assert.ok((last.lower ?? 0) <= (last.upper ?? 0));
    assert.ok(afterSecond.report.agreementRate !== null);
  });

  it('reads service logs and sampled metrics', async () => {
    const logs = await fixture.client.send('services.logs', { serviceId: `${MODEL}:1`, lines: 20 });
    assert.ok(logs.lines.length > 0 && logs.lines.length <= 20);
    const metrics = await waitFor(
      () => fixture.client.send('services.metrics', { serviceId: `${MODEL}:1` }),
      (m) => m.points.some((p) => p.up),
    );
    assert.ok(
      metrics.points.some((p) => p.up),
      'the sampler scraped the running service',
    );
    const unknown = await fixture.client.sendCatch('services.logs', { serviceId: `${MODEL}:9` });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
  });

  it('stops the services and the shadow test', async () => {
    const status = await fixture.client.send('services.stop', { model: MODEL });
    assert.equal(status.gateways.find((g) => g.model === MODEL)?.running, false);
    assert.deepEqual(
      status.services.map((s) => s.state),
      ['stopped', 'stopped'],
    );
    const replay = await fixture.client.sendCatch('replay.start', { datasetId: driftId, rate: 10 });
    assert.equal(replay.error?.code, 'CONFLICT');
    const stopped = await fixture.client.send('shadow.stop', { testId, reason: 'done testing' });
    assert.equal(stopped.status, 'stopped');
    const versions = await fixture.client.send('registry.versions', { model: MODEL });
    assert.equal(versions.find((v) => v.version === 2)?.stage, 'challenger');
    // An ended test keeps its evidence: the list and the status report the same pairs, no time left.
    const listed = (await fixture.client.send('shadow.list', {})).find((t) => t.id === testId);
    const ended = await fixture.client.send('shadow.status', { testId });
    assert.equal(listed?.report?.labelledPairs, 300);
    assert.equal(ended.report.labelledPairs, 300);
    assert.equal(ended.secondsLeft, 0);
  });
});
