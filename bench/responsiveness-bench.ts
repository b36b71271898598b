import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig } from '../main/config/index.js';
import { ingestCsv, writeSampleData } from '../main/data/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { findFreePort } from '../main/serving/free-port.js';
import { openWorkspace } from '../main/workspace/index.js';
import { median } from './stats.js';

const BIN = fileURLToPath(new URL('../../bin/podium.js', import.meta.url));
const MODEL = 'credit-risk';
const DRIFT_ROWS = 1_000_000;
const PROBES = 60;
const PROBE_GAP_MS = 100;
const GOAL_SECONDS = 0.25;

/**
 * Does heavy work stall the answers? `podium ui` in browser mode (its own process, as a user
 * starts it) serves a linear champion through the gateway; a drift check of a 1,000,000-row
 * dataset is started from the API, and meanwhile the gateway's POST /predict and the API's
 * overview.get are each asked 60 times, 0.1 s apart. Reported: the slowest and median answer.
 */
export async function benchResponsiveness(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-responsive-'));
  const workspaceDir = join(dir, 'workspace');
  let ui: ChildProcess | null = null;
  try {
    const workspace = openWorkspace(workspaceDir, { config: loadConfig({ env: {}, localFile: null }) });
    const stores = createRepositories(workspace);
    const manager = new ChampionChallengerManager(workspace, stores);
    const trainFile = await writeSampleData({
      samples: 10_000,
      drift: false,
      seed: 42,
      outputDir: join(dir, 'train'),
    });
    await manager.trainChallenger(trainFile, { modelType: 'linear', autoEvaluate: true });
    const driftFile = await writeSampleData({
      samples: DRIFT_ROWS,
      drift: true,
      seed: 7,
      outputDir: join(dir, 'drift'),
    });
    const dataset = stores.datasets.record(
      await ingestCsv(driftFile, { datasetsDir: workspace.paths.datasets }),
    );
    workspace.close();
    const body = JSON.stringify(firstRecord(trainFile));

    const port = await findFreePort('127.0.0.1', 19400);
    const gatewayPort = await findFreePort('127.0.0.1', port + 1);
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PODIUM_'))),
      PODIUM_SERVING_PORT: String(gatewayPort),
      PODIUM_SERVING_SERVICE_PORT_START: String(await findFreePort('127.0.0.1', gatewayPort + 1)),
      PODIUM_MONITORING_METRICS_PORT: '0',
    };
    ui = spawn(
      process.execPath,
      [BIN, '--workspace', workspaceDir, 'ui', '--port', String(port), '--no-open'],
      {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const launchUrl = await launched(ui);
    const base = launchUrl.split('/#')[0];
    const token = launchUrl.split('#token=')[1];
    const call = async (operation: string, input: object): Promise<unknown> => {
      const response = await fetch(`${base}/api/call/${operation}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const answer = (await response.json()) as { data?: unknown; error?: { code: string; message: string } };
      if (answer.error) throw new Error(`${operation}: ${answer.error.code} ${answer.error.message}`);
      return answer.data;
    };
    await call('services.start', { model: MODEL });
    const predict = async (): Promise<void> => {
      const response = await fetch(`http://127.0.0.1:${gatewayPort}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.text();
      if (response.status !== 200) throw new Error(`gateway /predict answered ${response.status}`);
    };
    // Warm both paths so the figures are about the drift check, not first-call costs.
    for (let i = 0; i < 5; i++) {
      await predict();
      await call('overview.get', {});
    }

    const driftStarted = performance.now();
    let driftSeconds = Number.NaN;
    const drift = call('drift.report', { model: MODEL, datasetId: dataset.id }).then(() => {
      driftSeconds = (performance.now() - driftStarted) / 1000;
    });
    const [gateway, api] = await Promise.all([probe(predict), probe(() => call('overview.get', {}))]);
    const probesSeconds = (performance.now() - driftStarted) / 1000;
    await drift;
    const row = (name: string, times: number[]) => {
      const slowest = Math.max(...times);
      return `| ${name} | ${times.length} | ${(median(times) * 1000).toFixed(1)} ms | ${(slowest * 1000).toFixed(1)} ms | ≤ ${GOAL_SECONDS * 1000} ms (${slowest <= GOAL_SECONDS ? 'met' : 'missed'}) |`;
    };
    return [
      '## Responsiveness during a drift check of 1,000,000 rows',
      '',
      `\`podium ui\` (browser mode, its own process) serves a linear champion started with \`services.start\`: the API in its core host process, the gateway in its own supervised process, the drift check in a worker thread of the core host. A \`drift.report\` of a stored ${DRIFT_ROWS.toLocaleString('en-US')}-row dataset is started from the API (read, scored by the champion and compared in a worker thread; it took ${driftSeconds.toFixed(1)} s), and meanwhile the gateway's \`POST /predict\` and the API's \`overview.get\` are asked ${PROBES} times each, ${PROBE_GAP_MS / 1000} s apart (the probes took ${probesSeconds.toFixed(1)} s, ${probesSeconds < driftSeconds ? 'all of them while the check ran' : 'so the last ones came after the check had ended'}).`,
      '',
      '| answer | probes | median | slowest | goal |',
      '| --- | --- | --- | --- | --- |',
      row('gateway POST /predict', gateway),
      row('API overview.get', api),
      '',
      // Measured the same way before this round's processes and workers, for comparison.
      'Before this round (everything on one event loop), the slowest of 60 answers of each was 14.7 s.',
      '',
    ].join('\n');
  } finally {
    if (ui && ui.exitCode === null) {
      const exited = new Promise((resolve) => ui?.once('exit', resolve));
      ui.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asks `ask` PROBES times, PROBE_GAP_MS apart; returns each answer's time in seconds. */
async function probe(ask: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const sent = performance.now();
    await ask();
    times.push((performance.now() - sent) / 1000);
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
  }
  return times;
}

function firstRecord(file: string): Record<string, unknown> {
  const [header, first] = readFileSync(file, 'utf8').split('\n');
  const cells = first.split(',');
  return Object.fromEntries(
    header
      .split(',')
      .map((name, i) => [name, cells[i]] as const)
      .filter(([name]) => name !== 'target')
      .map(([name, value]) => [
        name,
        value === '' ? null : Number.isNaN(Number(value)) ? value : Number(value),
      ]),
  );
}

function launched(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`podium ui printed no URL in 60 s:\n${output}`)), 60_000);
    const look = (chunk: Buffer) => {
      output += chunk;
      const match = /Podium UI: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`podium ui exited with ${code}:\n${output}`));
    });
  });
}
