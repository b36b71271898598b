import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PodiumError } from '../../main/contract/errors.js';
import { findFreePort } from '../../main/serving/free-port.js';
import { gatewayRecordFile, readGatewayRecord } from '../../main/serving/gateway-record.js';
import { isProcessAlive } from '../../main/serving/supervised-process.js';
import { PODIUM_BIN } from '../helpers/cli.js';
import { startLoad } from '../helpers/gateway-load.js';
import { podiumEnv } from '../helpers/podium-process.js';
import { startServingController } from '../helpers/serving-controller.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';

/**
 * The gateway as its own supervised process, with real model services and real traffic: killed
 * outright, its supervisor starts it again on the same address with the same champion; left
 * running by a Podium that was killed, the next Podium on the workspace adopts it (and refuses
 * to while the first one still lives) instead of starting a second.
 */
let trained: TrainedWorkspace;
let body: string;

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
  body = JSON.stringify(firstBaselineRecord(trained));
});

after(() => trained?.workspace.cleanup());

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(50);
}

test('a gateway killed under traffic is restarted by its supervisor and answers again, routing intact', async () => {
  const { controller, url } = await startServingController(trained);
  const load = startLoad(url, { workers: 8, bodies: [body] });
  try {
    const gateway = controller.gateway;
    // The control channel answers only with the key, which only the workspace's owner can read.
    const recordFile = gatewayRecordFile(trained.workspace.paths.root, 'credit-risk');
    assert.equal(statSync(recordFile).mode & 0o777, 0o600);
    const record = readGatewayRecord(recordFile)!;
    assert.match(record.adminUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const refused = await fetch(`${record.adminUrl}/status`);
    assert.equal(refused.status, 401);
    const wrong = await fetch(`${record.adminUrl}/routing`, {
      method: 'PUT',
      headers: { authorization: 'Bearer not-the-key', 'content-type': 'application/json' },
      body: JSON.stringify({ champion: null, shadows: [] }),
    });
    assert.equal(wrong.status, 401);
    await sleep(1_000);
    const killedPid = gateway.pid!;
    const killedAt = Date.now();
    process.kill(killedPid, 'SIGKILL');
    await until(() => gateway.pid !== killedPid && gateway.state() === 'running', 20_000);
    assert.notEqual(gateway.pid, killedPid, 'a new gateway process was started');
    assert.equal(gateway.state(), 'running');
    assert.equal(gateway.restarts(), 1);
    assert.equal(gateway.url, url, 'the same address');
    const status = await gateway.status();
    assert.equal(status.pid, gateway.pid);
    assert.equal(status.routing.champion?.version, 1, 'the restarted gateway routes to the champion');
    await sleep(1_000);
    const outcomes = await load.stop();
    const afterKill = outcomes.filter((o) => o.at > killedAt);
    const answered = afterKill.filter((o) => o.status === 200 && o.at > killedAt + 100);
    assert.ok(answered.length > 50, `only ${answered.length} answers after the restart`);
    assert.ok(
      afterKill.every((o) => o.status === 200 || o.status === 0),
      'while it was down, callers were refused, never answered wrongly',
    );
    assert.ok(
      outcomes.filter((o) => o.at < killedAt - 200).every((o) => o.status === 200),
      'all answered before the kill',
    );
    await gateway.mirrorsIdle();
    const logged = trained.workspace.db
      .prepare("SELECT COUNT(*) AS n FROM prediction_log WHERE role = 'champion' AND status = 200")
      .get() as { n: number };
    assert.ok(logged.n >= answered.length, 'the restarted gateway writes the prediction log');
  } finally {
    await load.stop().catch(() => {});
    await controller.stop();
  }
  assert.equal(existsSync(gatewayRecordFile(trained.workspace.paths.root, 'credit-risk')), false);
});

test('a gateway left by a killed Podium is adopted by the next one, not started twice', {
  timeout: 180_000,
}, async () => {
  const root = trained.workspace.paths.root;
  const port = await findFreePort('127.0.0.1', 24000 + Math.floor(Math.random() * 4000));
  const serve = spawn(process.execPath, [PODIUM_BIN, 'serve'], {
    env: podiumEnv({
      PODIUM_WORKSPACE: root,
      PODIUM_SERVING_PORT: String(port),
      PODIUM_SERVING_SERVICE_PORT_START: String(35000 + Math.floor(Math.random() * 10000)),
      PODIUM_MONITORING_METRICS_PORT: '0',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  serve.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  serve.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise((resolve) => serve.on('exit', resolve));
  const orphans: number[] = [];
  let adopter: Awaited<ReturnType<typeof startServingController>> | null = null;
  try {
    await until(() => output.includes('Gateway for'), 60_000);
    const gatewayPid = Number(/gateway pid (\d+)/.exec(output)?.[1]);
    assert.ok(gatewayPid > 0, output);
    const url = `http://127.0.0.1:${port}`;

    // While that Podium lives, the gateway is its own: a second one is refused, nothing changes.
    await assert.rejects(
      startServingController(trained, port),
      (error: unknown) =>
        error instanceof PodiumError &&
        error.code === 'CONFLICT' &&
        error.message.includes(`pid ${serve.pid}`),
    );

    const services = trained.workspace.db.prepare('SELECT handle FROM services').all() as {
      handle: string;
    }[];
    orphans.push(...services.map((s) => Number(s.handle)));
    serve.kill('SIGKILL');
    await exited;
    const load = startLoad(url, { workers: 8, bodies: [body] });
    await sleep(500);
    adopter = await startServingController(trained, port);
    await sleep(500);
    const outcomes = await load.stop();

    const gateway = adopter.controller.gateway;
    assert.equal(gateway.adopted, true);
    assert.equal(gateway.pid, gatewayPid, 'the same gateway process, not a second one');
    assert.equal(adopter.url, url);
    const status = await gateway.status();
    assert.equal(status.ownerPid, process.pid, 'steered by its new Podium');
    const [champion] = adopter.controller.services();
    assert.equal(status.routing.champion?.url, champion.handle.url, 'switched to the new Podium’s champion');
    assert.ok(outcomes.length > 100, `sent ${outcomes.length}`);
    assert.deepEqual(
      [...new Set(outcomes.map((o) => o.status))],
      [200],
      'the killed Podium and the adoption cost callers nothing',
    );

    await adopter.controller.stop();
    adopter = null;
    await until(() => !isProcessAlive(gatewayPid), 10_000);
    assert.equal(isProcessAlive(gatewayPid), false, 'stopping the adopted gateway ends its process');
    assert.equal(existsSync(gatewayRecordFile(root, 'credit-risk')), false);
  } finally {
    await adopter?.controller.stop();
    if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    // A gateway the test failed to stop, and the services of the killed Podium (the process
    // runtime does not adopt services).
    const left = readGatewayRecord(gatewayRecordFile(root, 'credit-risk'))?.pid;
    for (const pid of [...orphans, left ?? 0]) {
      if (pid > 0 && isProcessAlive(pid)) process.kill(pid, 'SIGTERM');
    }
  }
});
