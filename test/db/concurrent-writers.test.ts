import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeSampleData } from '../../main/data/index.js';
import { AlertStore } from '../../main/monitoring/alerts/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { startPodiumUi } from '../e2e/podium-ui-process.js';
import { type PodiumOutcome, podiumEnv, runPodium } from '../helpers/podium-process.js';
import { defaultConfig, tempDir } from '../helpers/workspace.js';

/** What SQLite says when a connection gave up waiting for another's lock. */
const LOCKED = /SQLITE_BUSY|database is locked/i;

type Step = { args: string[]; outcome: PodiumOutcome };

/**
 * The CLI, the browser-mode UI and the scheduler each hold their own connection to one
 * workspace. Run together, each writing, none may surface SQLITE_BUSY to its user: every
 * command exits 0, every API call answers 200, and no output or log line mentions a lock.
 */
test('the CLI, the UI and the scheduler write to one workspace at the same moment', {
  timeout: 180_000,
}, async (t) => {
  const cwd = tempDir('podium-concurrency-');
  const workspaceDir = join(cwd, 'workspace');
  const env = podiumEnv({});
  const podium = (args: string[]) => runPodium(['--workspace', workspaceDir, ...args], { cwd, env });

  // Made before anyone else opens it: the alerts the CLI and the UI acknowledge below.
  const data = await writeSampleData({ samples: 600, seed: 7, drift: false, outputDir: join(cwd, 'data') });
  const workspace = openWorkspace(workspaceDir, { config: defaultConfig() });
  const alerts = new AlertStore(workspace.db, workspace.clock);
  // Enough that the UI acknowledges a new one (a real write) on every round; past them it only re-reads.
  for (let version = 1; version <= 400; version++) {
    alerts.raise({
      rule: 'service_down',
      modelName: 'credit-risk',
      dedupKey: `service_down:credit-risk:v${version}`,
      title: `v${version} is down`,
      message: 'the process exited',
      evidence: { version, state: 'exited' },
    });
  }
  workspace.close();

  // The UI starts while the first champion trains: both open the workspace at once.
  const [ui, first] = await Promise.all([
    startPodiumUi({ workspace: workspaceDir }),
    podium([
      'train',
      '--data',
      data,
      '--model',
      'credit-risk',
      '--model-type',
      'linear',
      '--auto-evaluate',
      '--json',
    ]),
  ]);
  const token = ui.launchUrl.split('#token=')[1];
  const answers: { operation: string; status: number; body: string }[] = [];
  const call = async (operation: string, body: unknown) => {
    const response = await fetch(`${ui.baseUrl}/api/call/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    answers.push({ operation, status: response.status, body: text });
    return text;
  };

  try {
    t.diagnostic(`first training: ${Math.round(first.ms)} ms, UI calls so far: ${answers.length}`);
    assert.equal(first.status, 0, `the first training failed:\n${first.stderr}`);

    const steps: Step[] = [];
    const lane = async (commands: string[][]) => {
      for (const args of commands) steps.push({ args, outcome: await podium(args) });
    };
    let lanesDone = false;
    const uiLane = async () => {
      // Reads and writes through the UI's own connection for as long as the other lanes run.
      let round = 0;
      while (!lanesDone) {
        await call('overview.get', {});
        await call('alerts.acknowledge', { id: 3 + (round % 398) });
        await call('runs.list', { limit: 20 });
        if (round % 3 === 0) await call('scheduler.runNow', { job: 'maintenance' });
        await call('registry.versions', { model: 'credit-risk' });
        round++;
      }
    };
    const cliAndScheduler = Promise.all([
      lane([
        ['train', '--data', data, '--model', 'credit-risk', '--model-type', 'linear', '--json'],
        ['promote', '2', '--reason', 'concurrency test', '--json'],
        ['rollback', '--reason', 'concurrency test', '--json'],
      ]),
      lane([
        ['alerts', '--ack', '1', '--json'],
        ['runs', '--json'],
        ['alerts', '--ack', '2', '--json'],
      ]),
      lane([
        ['scheduler', '--once', '--json'],
        ['scheduler', '--once', '--job', 'cleanup', '--json'],
      ]),
    ]).finally(() => {
      lanesDone = true;
    });
    await Promise.all([cliAndScheduler, uiLane()]);

    for (const { args, outcome } of steps) {
      const shown = `podium ${args.join(' ')}`;
      t.diagnostic(`${shown}: ${Math.round(outcome.ms)} ms`);
      assert.doesNotMatch(`${outcome.stdout}\n${outcome.stderr}`, LOCKED, `${shown} met a locked database`);
      assert.equal(outcome.status, 0, `${shown} exited ${outcome.status}:\n${outcome.stderr}`);
      if (args[0] === 'scheduler')
        assert.match(outcome.stdout, /"outcome": "succeeded"/, `${shown}: ${outcome.stdout}`);
    }
    const history = await call('scheduler.history', { limit: 50 });
    for (const answer of answers) {
      assert.doesNotMatch(answer.body, LOCKED, `${answer.operation} met a locked database`);
      assert.equal(answer.status, 200, `${answer.operation} answered ${answer.status}: ${answer.body}`);
    }
    t.diagnostic(`the UI answered ${answers.length} calls meanwhile`);
    assert.ok(answers.length >= 5, `the UI made only ${answers.length} calls`);
    assert.doesNotMatch(history, /"outcome":"failed"/, `a scheduled job failed: ${history}`);
    assert.doesNotMatch(ui.output(), LOCKED, 'podium ui met a locked database');
    assert.doesNotMatch(readFileSync(join(workspaceDir, 'logs', 'podium.log'), 'utf8'), LOCKED);
  } finally {
    const stopped = await ui.stop();
    assert.doesNotMatch(stopped.output, LOCKED);
    rmSync(cwd, { recursive: true, force: true });
  }
});
