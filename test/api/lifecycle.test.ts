import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { JobProgressEvent, TrainingResult } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { type ApiFixture, apiFixture, jobOutcome } from './api-fixture.js';

/** Trains through the API with a short ecd config (the template, with fewer epochs). */
async function trainEcd(
  fixture: ApiFixture,
  datasetId: string,
  epochs: number,
): Promise<{ jobId: number; progress: JobProgressEvent[]; done: Promise<TrainingResult> }> {
  const { client } = fixture;
  const { yaml } = await client.send('train.template', { datasetId, target: 'target', modelType: 'ecd' });
  const config = parse(yaml) as { trainer: Record<string, unknown> };
  config.trainer.epochs = epochs;
  config.trainer.early_stop = epochs + 1;
  const progress: JobProgressEvent[] = [];
  let jobId = 0;
  const early: JobProgressEvent[] = [];
  const off = client.listen('job.progress', (event) => {
    if (jobId === 0) early.push(event);
    else if (event.jobId === jobId) progress.push(event);
  });
  ({ jobId } = await client.send('train.start', {
    datasetId,
    target: 'target',
    modelType: 'ecd',
    configYaml: stringify(config),
  }));
  progress.push(...early.filter((event) => event.jobId === jobId));
  const done = jobOutcome(client, jobId).finally(off) as Promise<TrainingResult>;
  return { jobId, progress, done };
}

describe('data, training, decisions and the champion timeline through the API', () => {
  let fixture: ApiFixture;
  let baselineId: string;
  let driftId: string;
  before(() => {
    fixture = apiFixture();
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('ingests CSV text and profiles it as the CLI does', async () => {
    const csv = generateSampleData({ samples: 1000, drift: false, seed: 7 });
    const dataset = await fixture.client.send('data.ingest', { fileName: 'baseline.csv', csvText: csv });
    baselineId = dataset.id;
    assert.equal(dataset.rows, 1000);
    assert.equal(dataset.sourceName, 'baseline.csv');
    const target = dataset.profile.columns.find((c) => c.name === 'target');
    assert.equal(target?.type, 'binary');
    const profiled = await fixture.client.send('data.profile', { datasetId: dataset.id });
    assert.deepEqual(profiled, dataset);
    const listed = await fixture.client.send('data.list', {});
    assert.deepEqual(
      listed.map((d) => d.id),
      [dataset.id],
    );
    const drift = await fixture.client.send('data.ingest', {
      fileName: 'drift.csv',
      csvText: generateSampleData({ samples: 1000, drift: true, seed: 7 }),
    });
    driftId = drift.id;
  });

  it('refuses a bad CSV naming the line, and stores nothing', async () => {
    const result = await fixture.client.sendCatch('data.ingest', {
      fileName: '../../etc/bad.csv',
      csvText: 'a,b,c\n1,2,3\n4,5\n6,7,8\n',
    });
    assert.equal(result.error?.code, 'CSV_INVALID');
    assert.match(result.error?.message ?? '', /bad\.csv/);
    assert.match(result.error?.message ?? '', /line 3/);
    assert.doesNotMatch(result.error?.message ?? '', /uploads/, 'the temporary path is not shown');
    const listed = await fixture.client.send('data.list', {});
    assert.equal(listed.length, 2);
  });

  it('trains in the background with a progress event per epoch, then done', async () => {
    const started = Date.now();
    const { jobId, progress, done } = await trainEcd(fixture, baselineId, 4);
    assert.ok(Date.now() - started < 2_000, 'train.start answers at once');
    const listed = await fixture.client.send('jobs.list', {});
    assert.equal(listed.find((j) => j.jobId === jobId)?.status, 'running');
    // The event loop stays free while the trainer works in its worker thread.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const result = await done;
    clearInterval(ticker);
    assert.ok(ticks > 5, `event loop answered ${ticks} ticks during training`);
    const epochs = progress.filter((p) => p.step === 'epoch');
    assert.deepEqual(
      epochs.map((p) => p.current),
      [1, 2, 3, 4],
    );
    for (const epoch of epochs) {
      assert.equal(epoch.total, 4);
      assert.ok(Number.isFinite(epoch.metrics?.loss), 'loss per epoch');
      assert.ok(Number.isFinite(epoch.metrics?.validation_loss), 'validation loss per epoch');
    }
    assert.equal(result.version.version, 1);
    assert.equal(result.version.modelType, 'ecd');
    const jobs = await fixture.client.send('jobs.list', {});
    assert.equal(jobs.find((j) => j.jobId === jobId)?.status, 'succeeded');
    const run = await fixture.client.send('runs.get', { runId: result.runId });
    assert.equal(run.history.loss.length, 4);
    assert.equal(run.run.status, 'finished');
  });

  it('cancels a training job: job.failed with CANCELLED and the run marked cancelled', async () => {
    const { jobId, done } = await trainEcd(fixture, driftId, 500);
    await new Promise<void>((resolve) => {
      const off = fixture.client.listen('job.progress', (event) => {
        if (event.jobId === jobId && event.step === 'epoch') {
          off();
          resolve();
        }
      });
    });
    const cancelled = await fixture.client.send('jobs.cancel', { jobId });
    assert.equal(cancelled.jobId, jobId);
    await assert.rejects(done, (error: { code: string }) => error.code === 'CANCELLED');
    const jobs = await fixture.client.send('jobs.list', {});
    assert.equal(jobs.find((j) => j.jobId === jobId)?.status, 'cancelled');
    const runs = await fixture.client.send('runs.list', {});
    assert.equal(runs[0].status, 'cancelled');
    const versions = await fixture.client.send('registry.versions', { model: 'credit-risk' });
    assert.equal(versions.length, 1, 'no version registered from a cancelled job');
  });

  it('evaluates, promotes and rolls back; the champion timeline follows', async () => {
    const model = (await fixture.client.send('registry.models', {}))[0].name;
    const first = await fixture.client.send('decisions.evaluate', { model, version: 1 });
    assert.equal(first.outcome, 'promote', first.summary);
    const second = await trainEcd(fixture, driftId, 3);
    const trained = await second.done;
    const decision = await fixture.client.send('decisions.evaluate', {
      model,
      version: trained.version.version,
    });
    assert.equal(decision.challengerVersion, 2);
    assert.ok(decision.reasons.length > 0);
    const listed = await fixture.client.send('decisions.list', { model });
    assert.equal(listed[0].id, decision.id);

    const current = await fixture.client.send('registry.versions', { model });
    if (current.find((v) => v.version === 2)?.stage !== 'champion') {
      const promoted = await fixture.client.send('decisions.promote', {
        model,
        version: 2,
        reason: 'looks better',
      });
      assert.equal(promoted.outcome, 'promote');
    }
    const rollback = await fixture.client.send('registry.rollback', { model, reason: 'complaints' });
    assert.equal(rollback.champion.version, 1);
    assert.equal(rollback.previousChampion.version, 2);
    assert.equal(rollback.decision.outcome, 'rollback');

    const timeline = await fixture.client.send('registry.championTimeline', { model });
    assert.deepEqual(
      timeline.periods.map((p) => [p.version, p.to === null]),
      [
        [1, false],
        [2, false],
        [1, true],
      ],
    );
    assert.equal(timeline.periods[1].to, timeline.periods[2].from);
    assert.match(timeline.periods[2].began.reason, /complaints/);
    assert.equal(timeline.periods[2].began.decisionId, rollback.decision.id);

    const detail = await fixture.client.send('registry.version', { model, version: 1 });
    assert.equal(detail.lineage.trainingData.datasetId, baselineId);
    assert.ok(detail.package.files.some((f) => f.path === 'manifest.json'));
    const overview = await fixture.client.send('overview.get', {});
    assert.equal(overview.models[0].champion?.version, 1);
  });

  it('rejects the challenger a decision was about', async () => {
    const model = (await fixture.client.send('registry.models', {}))[0].name;
    const decision = await fixture.client.send('decisions.evaluate', { model, version: 2 }).catch(() => null);
    const about = decision ?? (await fixture.client.send('decisions.list', { model }))[0];
    const rejected = await fixture.client.sendCatch('decisions.reject', {
      decisionId: about.id,
      reason: 'no',
    });
    // v2 was archived by the rollback: rejecting it is refused, with nothing changed.
    assert.equal(rejected.error?.code, 'CONFLICT');
    const missing = await fixture.client.sendCatch('decisions.reject', { decisionId: 99_999, reason: 'no' });
    assert.equal(missing.error?.code, 'NOT_FOUND');
  });
});
