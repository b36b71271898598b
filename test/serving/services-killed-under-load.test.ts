import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { findFreePort } from '../../main/serving/free-port.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { SupervisedService } from '../../main/serving/process-runtime.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';

/**
 * Real model services in supervised child processes behind the gateway, under a sustained
 * concurrent load: the shadow is killed, then the champion. The shadow's death must cost the
 * champion's callers nothing; while the champion is down the gateway answers 503 with a clear
 * message (never hangs), and its supervisor brings it back.
 */
let trained: TrainedWorkspace;
let champion: SupervisedService;
let shadow: SupervisedService;
let gateway: Gateway;
let gatewayUrl: string;
let body: string;

async function startService(version: number, role: 'champion' | 'shadow', packageDir: string) {
  const port = await findFreePort('127.0.0.1', 22000 + Math.floor(Math.random() * 8000));
  const service = new SupervisedService(
    {
      modelName: 'credit-risk',
      version,
      role,
      packageDir,
      host: '127.0.0.1',
      port,
      environment: 'dev',
      batchLimit: 10,
      logFile: join(trained.workspace.paths.logs, 'services', `${role}.log`),
    },
    { initialDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000 },
  );
  await service.start();
  return service;
}

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
  champion = await startService(1, 'champion', trained.champion.packagePath);
  shadow = await startService(2, 'shadow', trained.challenger.packagePath);
  gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  await gateway.setChampion(1, champion.url);
  gateway.addShadow(2, shadow.url);
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  body = JSON.stringify(firstBaselineRecord(trained));
});

after(async () => {
  await gateway?.close();
  await champion?.stop();
  await shadow?.stop();
  trained?.workspace.cleanup();
});

type Outcome = { at: number; status: number; ms: number; code?: string };

/** `workers` concurrent callers, each sending requests back to back until `stop` resolves. */
async function load(workers: number, stop: Promise<void>): Promise<Outcome[]> {
  const pool = new Pool(gatewayUrl, { connections: workers });
  const outcomes: Outcome[] = [];
  let running = true;
  void stop.then(() => {
    running = false;
  });
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (running) {
        const started = Date.now();
        try {
          const response = await pool.request({
            path: '/predict',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            headersTimeout: 5_000,
            bodyTimeout: 5_000,
          });
          const text = await response.body.text();
          const code =
            response.statusCode === 200
              ? undefined
              : (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          outcomes.push({ at: started, status: response.statusCode, ms: Date.now() - started, code });
        } catch {
          outcomes.push({ at: started, status: 0, ms: Date.now() - started });
        }
      }
    }),
  );
  await pool.close();
  return outcomes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a killed shadow costs the champion nothing; a killed champion gives 503s, never hangs, and comes back', async () => {
  let finish: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const running = load(8, stop);
  await sleep(1_500);
  const shadowKilledAt = Date.now();
  process.kill(shadow.pid ?? 0, 'SIGKILL');
  await sleep(1_500);
  const championKilledAt = Date.now();
  const firstPid = champion.pid;
  process.kill(firstPid ?? 0, 'SIGKILL');
  // Load continues until the champion has answered again for a second, or 20 s pass.
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (champion.pid === firstPid || champion.state() !== 'running'))
    await sleep(50);
  await sleep(1_000);
  finish();
  const outcomes = await running;

  const beforeChampionKill = outcomes.filter((o) => o.at >= shadowKilledAt && o.at + o.ms < championKilledAt);
  assert.ok(
    beforeChampionKill.length > 50,
    `only ${beforeChampionKill.length} requests while the shadow was dead`,
  );
  assert.deepEqual(
    beforeChampionKill.filter((o) => o.status !== 200),
    [],
    'the shadow’s death reached the champion’s callers',
  );

  const afterKill = outcomes.filter((o) => o.at >= championKilledAt);
  // 503 CHAMPION_UNAVAILABLE while nothing listens, 503 NOT_READY while the restarted service loads.
  for (const outcome of afterKill) {
    assert.ok(
      outcome.status === 200 ||
        (outcome.status === 503 && ['CHAMPION_UNAVAILABLE', 'NOT_READY'].includes(outcome.code ?? '')),
      JSON.stringify(outcome),
    );
    assert.ok(outcome.ms < 5_000, `a request hung for ${outcome.ms} ms`);
  }
  const recovered = afterKill.find(
    (o) =>
      o.status === 200 &&
      o.at > championKilledAt + 50 &&
      afterKill.some((p) => p.status === 503 && p.at < o.at),
  );
  assert.ok(champion.pid !== firstPid && champion.restarts() >= 1, 'the supervisor restarted the champion');
  assert.ok(recovered, 'the champion answered again after its restart');
  const recoverySeconds = (recovered.at - championKilledAt) / 1000;
  assert.ok(recoverySeconds < 20, `recovery took ${recoverySeconds} s`);
  process.stdout.write(
    `# shadow killed: ${beforeChampionKill.length} requests, 0 failed; champion killed: ${afterKill.filter((o) => o.status === 503).length} × 503, recovered in ${recoverySeconds.toFixed(2)} s\n`,
  );
});
