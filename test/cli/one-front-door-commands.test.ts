import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Command } from 'commander';
import { type Api, createApi, createLocalClient, type PodiumClient } from '../../main/app/index.js';
import { registerPromotion } from '../../main/cli/commands/promote.js';
import { registerScheduler } from '../../main/cli/commands/scheduler.js';
import { registerServices } from '../../main/cli/commands/services.js';
import { registerShadow } from '../../main/cli/commands/shadow.js';
import { registerStatus, statusJson } from '../../main/cli/commands/status.js';
import { registerTrain } from '../../main/cli/commands/train.js';
import { generateSampleData } from '../../main/data/index.js';
import { type EnvironmentName, openWorkspace, type Workspace } from '../../main/workspace/index.js';
import { jobOutcome } from '../api/api-fixture.js';
import { podium } from '../helpers/cli.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { defaultConfig, tempDir } from '../helpers/workspace.js';

/**
 * The CLI and the UI go through one front door: a command's answer, its refusal and its error
 * are those of the operation it calls, whichever client asks.
 */
const REGISTERS: ((program: Command) => void)[] = [
  registerTrain,
  registerStatus,
  registerPromotion,
  registerServices,
  registerShadow,
  registerScheduler,
];

const dir = tempDir('podium-front-door-');
const dev = join(dir, 'ws');
after(() => rmSync(dir, { recursive: true, force: true }));

type ErrorJson = { error: { code: string; message: string } };

/** The operation table on a workspace the CLI also uses (opened, asked, closed per call). */
async function withClient<T>(
  environment: EnvironmentName,
  work: (client: PodiumClient) => Promise<T>,
): Promise<T> {
  const workspace: Workspace = openWorkspace(environment === 'dev' ? dev : `${dev}-prod`, {
    // As the CLI's committed config: no model named, so both resolve the default model alike.
    config: defaultConfig((config) => {
      config.training.model_name = '';
    }),
    environment,
  });
  const api: Api = createApi({ workspace });
  try {
    return await work(createLocalClient(api, { local: true }));
  } finally {
    await api.close();
    workspace.close();
  }
}

async function inProd<T>(work: () => Promise<T>): Promise<T> {
  const before = process.env.PODIUM_ENV;
  process.env.PODIUM_ENV = 'prod';
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.PODIUM_ENV;
    else process.env.PODIUM_ENV = before;
  }
}

describe('CLI commands through the operation table', () => {
  it('prod refuses training with the same code and message from the CLI and from train.fromFile', async () => {
    const csv = join(dir, 'baseline.csv');
    writeFileSync(csv, generateSampleData({ samples: 200, drift: false, seed: 3 }));
    const cli = await inProd(() =>
      commandOutcome<ErrorJson>(REGISTERS, dev, ['train', '--data', csv, '--model-type', 'linear']),
    );
    assert.equal(cli.exitCode, 2, 'a refusal in prod is a usage error');
    assert.equal(cli.json.error.code, 'USAGE');
    assert.match(cli.json.error.message, /train is not available in prod/);
    assert.match(cli.json.error.message, /podium release <version> --to prod/);

    const viaOperation = await withClient('prod', async (client) => {
      const { jobId } = await client.send('train.fromFile', { file: csv, modelType: 'linear' });
      return jobOutcome(client, jobId).then(
        () => assert.fail('prod trained a model'),
        (error: { code: string; message: string }) => error,
      );
    });
    assert.deepEqual(
      { code: viaOperation.code, message: viaOperation.message },
      { code: cli.json.error.code, message: cli.json.error.message },
    );
  });

  it('status --json is status.get in the documented snake_case shape', async () => {
    const cli = await commandJson<Record<string, unknown>>(REGISTERS, dev, ['status']);
    const status = await withClient('dev', (client) => client.send('status.get', {}));
    assert.deepEqual(cli, JSON.parse(JSON.stringify(await statusJson(status))));
    assert.equal(cli.environment, 'dev');
    assert.equal(cli.workspace, dev);
    assert.equal(cli.champion, null);
    assert.deepEqual(cli.shadow_tests, []);
    assert.equal(cli.model, '', 'no model registered, none configured');
  });

  it('a version that does not exist is the same NOT_FOUND from promote and from decisions.promote', async () => {
    const cli = await commandOutcome<ErrorJson>(REGISTERS, dev, [
      'promote',
      'credit-risk:7',
      '--reason',
      'x',
    ]);
    assert.equal(cli.exitCode, 1);
    const viaOperation = await withClient('dev', (client) =>
      client.sendCatch('decisions.promote', { model: 'credit-risk', version: 7, reason: 'x' }),
    );
    assert.deepEqual(cli.json.error, viaOperation.error);
    assert.equal(cli.json.error.code, 'NOT_FOUND');

    const badRef = await commandOutcome<ErrorJson>(REGISTERS, dev, ['promote', 'seven']);
    assert.equal(badRef.exitCode, 2, 'a version reference that is not one is a usage error');
    assert.match(badRef.json.error.message, /"seven" is not a model version/);
  });

  it('shadow plan is shadow.plan; its checks are the operation’s, named by field', async () => {
    const args = ['shadow', 'plan', '--baseline', '0.8', '--min-effect', '0.02', '--pairs-per-day', '500'];
    const cli = await commandJson<{ fixedHorizonPairs: number; sequentialPairs: number }>(
      REGISTERS,
      dev,
      args,
    );
    const plan = await withClient('dev', (client) =>
      client.send('shadow.plan', {
        task: 'binary',
        baseline: 0.8,
        minEffect: 0.02,
        pairsPerDay: 500,
        margin: 0,
      }),
    );
    assert.deepEqual(cli, plan);
    assert.ok(plan.fixedHorizonPairs > 0 && plan.sequentialPairs > 0);
    const refused = await withClient('dev', (client) =>
      client.sendCatch('shadow.plan', { task: 'binary', baseline: -1, minEffect: 0.02 }),
    );
    assert.equal(refused.error?.code, 'USAGE');
    assert.match(refused.error?.message ?? '', /^shadow\.plan: baseline: /);
  });

  it('services list and start go through services.list and services.setDesired', async () => {
    // An empty list prints `[]`, which the in-process helper does not collect: the real binary.
    const listed = podium(['--workspace', dev, 'services', 'list', '--json'], { cwd: dir });
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), []);
    const asked = podium(['--workspace', dev, 'services', 'start', '1'], { cwd: dir });
    assert.equal(asked.status, 1, 'no version 1 yet');
    assert.match(asked.stderr, /^podium: /);
    const refused = await withClient('dev', (client) =>
      client.sendCatch('services.setDesired', { model: 'credit-risk', version: 1, desired: 'running' }),
    );
    assert.equal(refused.error?.code, 'NOT_FOUND', 'no such version: nothing is asked for');
  });

  it('scheduler --once runs the job through scheduler.runNow and prints its run record', async () => {
    const run = await commandJson<{ id: number; job: string; trigger: string; outcome: string }>(
      REGISTERS,
      dev,
      ['scheduler', '--once', '--job', 'cleanup'],
    );
    assert.equal(run.job, 'cleanup');
    assert.equal(run.trigger, 'manual');
    assert.notEqual(run.outcome, 'failed');
    const [latest] = await withClient('dev', (client) =>
      client.send('scheduler.history', { job: 'cleanup', limit: 1 }),
    );
    assert.equal(latest.id, run.id);

    const unknown = await commandOutcome<ErrorJson>(REGISTERS, dev, ['scheduler', '--once', '--job', 'nope']);
    assert.equal(unknown.exitCode, 1);
    assert.equal(unknown.json.error.code, 'NOT_FOUND');
  });
});
