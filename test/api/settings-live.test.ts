import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import schedule from 'node-schedule';
import { parseDocument } from 'yaml';
import { type Api, createApi, createLocalClient, type PodiumClient } from '../../main/app/index.js';
import { loadConfig } from '../../main/config/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { openWorkspace, type Workspace } from '../../main/workspace/index.js';
import { checkedClient } from '../helpers/contract-check.js';
import { freeLoopbackPort } from '../helpers/docker.js';
import { tempDir } from '../helpers/workspace.js';
import { jobOutcome } from './api-fixture.js';

const MODEL = 'credit-risk';

/** The crons node-schedule will fire (this file's process runs only this session's scheduler). */
function timerMinutes(): string[] {
  return Object.values(schedule.scheduledJobs)
    .map((job) => job.nextInvocation())
    .filter((next) => next !== null)
    .map((next) => `${next.getHours()}:${next.getMinutes()}`);
}

/**
 * One running session as `podium ui` opens it: the committed config, PODIUM_* variables and a
 * config.local.yaml in the current folder, a real workspace, the operation table. Every save
 * below is followed by an operation of the same session, with no restart in between.
 */
describe('settings apply when saved', () => {
  let dir: string;
  let workspace: Workspace;
  let api: Api;
  let client: PodiumClient;
  let gatewayPort: number;
  let localFile: string;

  before(async () => {
    dir = tempDir('podium-settings-live-');
    gatewayPort = await freeLoopbackPort();
    const env = {
      PODIUM_SERVING_PORT: String(gatewayPort),
      PODIUM_SERVING_SERVICE_PORT_START: String(20_000 + Math.floor(Math.random() * 30_000)),
      PODIUM_MONITORING_METRICS_PORT: '0',
      PODIUM_TRAINING_MODEL_NAME: MODEL,
      // Starting the scheduler must not run a cycle now: only its plan is under test.
      PODIUM_SCHEDULER_CATCH_UP: 'false',
    };
    const config = loadConfig({ env, localFile: null, cwd: dir });
    workspace = openWorkspace(join(dir, 'workspace'), { config });
    api = createApi({ workspace, env, cwd: dir, configFiles: config.files });
    client = checkedClient(createLocalClient(api));
    localFile = join(dir, 'config.local.yaml');
  });
  after(async () => {
    await api.close();
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a saved cycle cron re-plans the running scheduler: its next run and its timer move', async () => {
    await api.startScheduler();
    const before = await client.send('scheduler.jobs', {});
    const cycle = before.find((job) => job.name === 'cycle');
    assert.equal(cycle?.cron, '0 */6 * * *');
    assert.ok(!timerMinutes().includes('3:17'), 'no timer at 03:17 yet');

    const saved = await client.send('settings.save', { yaml: 'scheduler:\n  cycle_cron: "17 3 * * *"\n' });
    assert.deepEqual(saved.applied, ['scheduler.cycle_cron']);
    assert.deepEqual(saved.restartNeeded, []);

    const after = await client.send('scheduler.jobs', {});
    const moved = after.find((job) => job.name === 'cycle');
    assert.equal(moved?.cron, '17 3 * * *');
    assert.notEqual(moved?.nextRun, cycle?.nextRun);
    const next = new Date(moved?.nextRun ?? '');
    assert.deepEqual([next.getHours(), next.getMinutes()], [3, 17]);
    assert.ok(
      timerMinutes().includes('3:17'),
      `the running timers fire at 03:17: ${timerMinutes().join(' ')}`,
    );
    const view = await client.send('settings.config', {});
    const entry = view.entries.find((e) => e.key === 'scheduler.cycle_cron');
    assert.deepEqual([entry?.value, entry?.layer], ['17 3 * * *', 'local']);
  });

  it('a cron the scheduler cannot plan is refused naming its key; nothing is written or applied', async () => {
    const text = readFileSync(localFile, 'utf8');
    const refused = await client.sendCatch('settings.save', {
      yaml: 'scheduler:\n  cycle_cron: "75 3 * * *"\n',
    });
    assert.equal(refused.error?.code, 'CONFIG_INVALID');
    assert.match(refused.error?.message ?? '', /scheduler\.cycle_cron: "75 3 \* \* \*" is not a valid cron/);
    assert.equal(refused.error?.details?.field, 'scheduler.cycle_cron');
    assert.equal(readFileSync(localFile, 'utf8'), text, 'the file is as it was');
    const jobs = await client.send('scheduler.jobs', {});
    assert.equal(jobs.find((job) => job.name === 'cycle')?.cron, '17 3 * * *', 'the plan is as it was');
  });

  it('a saved drift threshold decides the next drift check of the same session', async () => {
    const baseline = await client.send('data.ingest', {
      fileName: 'baseline.csv',
      csvText: generateSampleData({ samples: 600, drift: false, seed: 5 }),
    });
    const { jobId } = await client.send('train.start', {
      datasetId: baseline.id,
      target: 'target',
      modelType: 'linear',
    });
    await jobOutcome(client, jobId);
    await client.send('decisions.promote', { model: MODEL, version: 1, reason: 'first model' });
    // Half baseline rows, half drifted ones: some features move, not half of them.
    const rows = generateSampleData({ samples: 300, drift: false, seed: 5 }).trimEnd();
    const drifted = generateSampleData({ samples: 300, drift: true, seed: 6 }).trimEnd().split('\n').slice(1);
    const current = await client.send('data.ingest', {
      fileName: 'current.csv',
      csvText: `${[rows, ...drifted].join('\n')}\n`,
    });

    const first = await client.send('drift.report', { model: MODEL, datasetId: current.id });
    assert.ok(first !== null);
    const share = first.report.driftShare;
    assert.ok(share > 0 && share < 0.5, `some features drift, under the default share 0.5 (${share})`);
    assert.equal(first.report.datasetDrift, false);

    const threshold = Math.floor((share / 2) * 1000) / 1000;
    const saved = await client.send('settings.save', {
      yaml: `scheduler:\n  cycle_cron: "17 3 * * *"\nmonitoring:\n  drift_share: ${threshold}\n`,
    });
    assert.deepEqual(saved.applied, ['monitoring.drift_share']);
    const second = await client.send('drift.report', { model: MODEL, datasetId: current.id });
    assert.equal(second?.report.driftShare, share, 'the same features drifted');
    assert.equal(second?.report.datasetDrift, true, `at drift_share ${threshold} the dataset drifted`);
  });

  it('a saved port or runtime is reported as needing a restart and the gateway is not rebound', async () => {
    const changed = new Promise((resolve) => client.listen('services.changed', resolve));
    const started = await client.send('services.start', { model: MODEL, runtime: 'process' });
    await changed;
    assert.equal(started.gateways.find((g) => g.model === MODEL)?.url, `http://127.0.0.1:${gatewayPort}`);

    const otherPort = await freeLoopbackPort();
    // The Settings view saves the whole local file: what the earlier saves set stays set.
    const edited = parseDocument(readFileSync(localFile, 'utf8'));
    edited.setIn(['serving', 'port'], otherPort);
    edited.setIn(['serving', 'runtime'], 'docker');
    edited.setIn(['monitoring', 'psi_drift'], 0.3);
    const saved = await client.send('settings.save', { yaml: edited.toString() });
    assert.deepEqual(saved.applied, ['monitoring.psi_drift']);
    assert.deepEqual(
      saved.restartNeeded.map((r) => r.key),
      ['serving.port', 'serving.runtime'],
    );
    assert.match(saved.restartNeeded[0].reason, /gateway port is bound when the app starts/);
    assert.ok(saved.keys.includes('serving.port'), 'the file has the new port for the next start');
    assert.match(readFileSync(localFile, 'utf8'), new RegExp(`port: ${otherPort}`));

    const health = await fetch(`http://127.0.0.1:${gatewayPort}/health`);
    assert.equal(health.status, 200, 'the gateway still answers where it was');
    await assert.rejects(fetch(`http://127.0.0.1:${otherPort}/health`), 'nothing listens on the new port');
    const view = await client.send('settings.config', {});
    const port = view.entries.find((e) => e.key === 'serving.port');
    assert.deepEqual(
      [port?.value, port?.source],
      [gatewayPort, 'env:PODIUM_SERVING_PORT'],
      'the session shows the port it uses, not the one waiting for a restart',
    );
    assert.equal(view.entries.find((e) => e.key === 'monitoring.psi_drift')?.value, 0.3);

    // Started again in the same session, serving keeps the port and runtime it started with.
    await client.send('services.stop', { model: MODEL });
    const again = await client.send('services.start', { model: MODEL });
    assert.equal(again.gateways.find((g) => g.model === MODEL)?.url, `http://127.0.0.1:${gatewayPort}`);
    assert.ok(again.services.every((s) => s.runtime === 'process'));
    await client.send('services.stop', { model: MODEL });
    assert.ok(existsSync(localFile));
  });
});
