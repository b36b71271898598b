import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AlertEvidenceByRule, CycleRunSummary } from '../../main/contract/index.js';
import { writeSampleData } from '../../main/data/index.js';
import type { AlertService } from '../../main/monitoring/alerts/index.js';
import { createLifecycleScheduler, type LifecycleScheduler } from '../../main/scheduler/index.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { parquetFromCsv } from '../helpers/parquet-files.js';
import { alertServiceFor } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { tempDir } from '../helpers/workspace.js';

const HOUR = 3_600_000;
const incomingDir = tempDir('podium-incoming-');
let trained: TrainedWorkspace;
let alerts: AlertService;
let scheduler: LifecycleScheduler;

before(async () => {
  trained = await trainedWorkspace({
    samples: 800,
    configure: (config) => {
      config.data.incoming_dir = incomingDir;
    },
  });
  alerts = alertServiceFor(trained.workspace);
  scheduler = createLifecycleScheduler(trained.workspace, {
    manager: trained.manager,
    stores: trained.stores,
    alerts,
    settings: { timezone: 'UTC', cleanupCron: '', maintenanceCron: '' },
  });
});
after(async () => {
  trained?.workspace.cleanup();
  await rm(incomingDir, { recursive: true, force: true });
});

/** Paired, labelled traffic in which the challenger is clearly better: its shadow test can end. */
function winningShadowTraffic(pairs: number): void {
  const log = new PredictionLog(trained.workspace.db, trained.clock);
  for (let i = 0; i < pairs; i++) {
    const requestId = randomUUID();
    const common = { requestId, modelName: 'credit-risk', status: 200, latencyMs: 1 };
    const right = i % 2 === 0;
    log.add({
      ...common,
      version: trained.champion.version,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify({ prediction: right ? '1' : '0' }),
    });
    log.add({
      ...common,
      version: trained.challenger.version,
      role: 'shadow',
      prediction: JSON.stringify({ prediction: '1' }),
    });
    log.flush();
    log.attachFeedback([{ requestId, actual: '1' }]);
  }
}

test('a file dropped in the incoming folder becomes a challenger on the next cycle, with its decision recorded', async () => {
  trained.manager.shadow.start(trained.challenger, 'test');
  winningShadowTraffic(600);
  await writeSampleData({ samples: 800, drift: true, seed: 7, outputDir: incomingDir });
  const versionsBefore = trained.stores.versions.list('credit-risk').length;

  trained.clock.advance(5 * HOUR);
  assert.deepEqual(await scheduler.tick(), [], 'nothing before 06:00');
  trained.clock.advance(HOUR);
  const [run] = await scheduler.tick();
  assert.equal(run.job, 'cycle');
  assert.equal(run.outcome, 'succeeded', JSON.stringify(run.error));

  const versions = trained.stores.versions.list('credit-risk');
  assert.equal(versions.length, versionsBefore + 1, 'one new model version');
  const summary = run.summary as CycleRunSummary;
  const trainedSummary = summary.trained;
  assert.equal(trainedSummary.length, 1);
  assert.equal(trainedSummary[0].version, Math.max(...versions.map((v) => v.version)));

  // Every automated action is a decision record, and the run keeps their ids.
  const decisionIds = summary.decisionIds;
  assert.equal(decisionIds.length, 2, 'the finished shadow test and the new challenger');
  const decisions = decisionIds.map((id) => trained.stores.decisions.get(id)!);
  assert.ok(decisions.every((d) => d.reasons.length > 0 && d.summary !== ''));
  assert.ok(decisions[0].metrics.shadowTest !== undefined);
  assert.equal(trainedSummary[0].decisionId, decisions[1].id);

  const [finished] = alerts.list({ status: 'open' }).filter((a) => a.rule === 'shadow_test_finished');
  const evidence = finished.evidence as AlertEvidenceByRule['shadow_test_finished'];
  assert.equal(evidence.decisionId, decisions[0].id);
  assert.equal(evidence.outcome, decisions[0].outcome);

  // The same file is not trained on twice.
  trained.clock.advance(6 * HOUR);
  const [next] = await scheduler.tick();
  assert.equal(next.outcome, 'succeeded');
  assert.deepEqual((next.summary as CycleRunSummary).trained, []);
  assert.equal(trained.stores.versions.list('credit-risk').length, versionsBefore + 1);
});

test('a Parquet file dropped in the incoming folder is trained on once, like a CSV', async () => {
  const staging = tempDir('podium-incoming-parquet-');
  try {
    const csv = await writeSampleData({ samples: 800, drift: true, seed: 11, outputDir: staging });
    await parquetFromCsv(csv, join(incomingDir, 'later.parquet'));
    const versionsBefore = trained.stores.versions.list('credit-risk').length;

    trained.clock.advance(6 * HOUR);
    const [run] = await scheduler.tick();
    assert.equal(run.outcome, 'succeeded', JSON.stringify(run.error));
    const summary = run.summary as CycleRunSummary;
    assert.equal(summary.trained.length, 1, 'the Parquet file, and not the CSV already trained on');
    assert.equal(trained.stores.versions.list('credit-risk').length, versionsBefore + 1);
    const newest = trained.stores.versions.get('credit-risk', summary.trained[0].version)!;
    assert.equal(trained.stores.datasets.get(newest.datasetId)?.sourceName, 'later.parquet');

    // Its snapshot is known by the CSV it converts to: the next cycle does not train on it again.
    trained.clock.advance(6 * HOUR);
    const [next] = await scheduler.tick();
    assert.equal(next.outcome, 'succeeded');
    assert.deepEqual((next.summary as CycleRunSummary).trained, []);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
});
