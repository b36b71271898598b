import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Api, createApi, createLocalClient, type PodiumClient } from '../../main/app/index.js';
import { jobOutcome } from '../api/api-fixture.js';
import { checkedClient, eventProblem } from '../helpers/contract-check.js';
import { alertServiceFor } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/**
 * The operations the CLI brought into the table answer within the contract's schemas on real
 * data: a trained champion and challenger, real files on disk. The API fixture's tests reach only
 * what the views call; these are the local client's (files on this machine) and `podium`'s.
 */
describe('the CLI operations answer within their schemas', () => {
  let trained: TrainedWorkspace;
  let api: Api;
  let client: PodiumClient;
  const eventProblems: string[] = [];
  let stopChecking = () => {};
  const model = () => trained.champion.modelName;
  const file = (name: string) => join(trained.workspace.paths.root, name);

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    api = createApi({ workspace: trained.workspace });
    stopChecking = api.events.subscribe((message) => {
      const problem = eventProblem(message);
      if (problem !== null) eventProblems.push(problem);
    });
    client = checkedClient(createLocalClient(api, { local: true }));
  });
  after(async () => {
    stopChecking();
    await api.close();
    trained.workspace.cleanup();
    assert.deepEqual(eventProblems, [], eventProblems.join('\n'));
  });

  test('status, shadow planning and simulation', async () => {
    const status = await client.send('status.get', { model: model() });
    assert.equal(status.champion?.version, trained.champion.version);
    await client.send('shadow.plan', { task: 'binary', baseline: 0.8, minEffect: 0.02, pairsPerDay: 500 });
    await client.send('shadow.simulate', { task: 'binary', effect: 1, trials: 20, seed: 1 });
  });

  test('batch prediction, lineage and reproduction', async () => {
    const prediction = await client.send('predict.file', {
      model: model(),
      input: trained.baselineFile,
      output: file('predictions.csv'),
    });
    const chain = await client.send('lineage.get', { predictionId: prediction.id });
    assert.equal(chain.predictions.length, 1);
    await client.send('lineage.get', { model: model(), version: trained.champion.version });
    await client.send('versions.reproduceScript', {
      model: model(),
      version: trained.champion.version,
      file: file('reproduce.sh'),
    });
    await client.send('versions.reproduce', { model: model(), version: trained.champion.version });
  });

  test('doctor, backup, export and import', async () => {
    await client.send('maintenance.doctor', {});
    await client.send('maintenance.backup', { file: file('backup.tgz') });
    const exported = file('export.tgz');
    await client.send('versions.export', {
      model: model(),
      version: trained.champion.version,
      file: exported,
    });
    await client.send('versions.import', { file: exported, model: 'imported' });
  });

  test('services recorded and asked for', async () => {
    await client.send('services.setDesired', {
      model: model(),
      version: trained.champion.version,
      desired: 'stopped',
    });
    const services = await client.send('services.list', { model: model() });
    assert.equal(services.length, 1);
  });

  test('drift check, monitoring report, alerts resolved', async () => {
    await client.send('drift.check', { model: model(), file: trained.driftFile });
    const alert = alertServiceFor(trained.workspace).raise({
      rule: 'dataset_drift',
      modelName: model(),
      title: `${model()} drifted`,
      message: 'features drifted',
      evidence: { driftedFeatures: ['x'], checkedFeatures: 3 },
    });
    const report = await client.send('monitoring.report', { model: model(), window: 'day', days: 3 });
    assert.ok(report.openAlerts.length >= 1);
    await client.send('alerts.resolve', { id: alert.id });
  });

  test('promotion without a reason, rollback, the audit log with details', async () => {
    await client.send('decisions.promote', { model: model(), version: trained.challenger.version });
    await client.send('registry.rollback', { model: model() });
    const audit = await client.send('audit.list', { model: model(), details: true });
    assert.ok(audit.entries.every((entry) => entry.details !== undefined));
  });

  test('training from a file and a lifecycle cycle, with their events', async () => {
    const started = await client.send('train.fromFile', {
      file: trained.baselineFile,
      modelType: 'linear',
      model: model(),
    });
    await jobOutcome(client, started.jobId);
    await client.send('cycle.run', { model: model(), dryRun: true });
    await client.send('cycle.run', { model: model(), file: trained.driftFile });
  });
});
