import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findFreePort } from '../../main/serving/free-port.js';
import { isAlive, PODIUM_BIN, podium, podiumJson } from '../helpers/cli.js';
import { podiumEnv } from '../helpers/podium-process.js';
import { tempDir } from '../helpers/workspace.js';

test('a second workspace serving on the gateway port the first one serves on: exit 1 at once, naming the port, the other gateway and how to choose another; nothing of it left running; the first serves on', {
  timeout: 300_000,
}, async () => {
  const cwd = tempDir('podium-two-workspaces-');
  const gatewayPort = await findFreePort('127.0.0.1', 23000 + Math.floor(Math.random() * 5000));
  // Both workspaces start their model services at the same port: the second must skip the first's.
  const servicePortStart = await findFreePort('127.0.0.1', 36000 + Math.floor(Math.random() * 14000));
  const common = {
    PODIUM_TRAINING_MODEL_TYPE: 'linear',
    PODIUM_SERVING_PORT: String(gatewayPort),
    PODIUM_SERVING_SERVICE_PORT_START: String(servicePortStart),
    PODIUM_MONITORING_METRICS_PORT: '0',
  };
  const envA = { ...common, PODIUM_WORKSPACE: join(cwd, 'A') };
  const envB = { ...common, PODIUM_WORKSPACE: join(cwd, 'B') };
  assert.equal(
    podium(['generate-data', '--samples', '1000', '--output-dir', 'raw'], { cwd, env: envA }).status,
    0,
  );
  for (const env of [envA, envB]) {
    const trained = podium(
      ['train', '--data', 'raw/baseline_full.csv', '--model', 'churn', '--auto-evaluate'],
      {
        cwd,
        env,
      },
    );
    assert.equal(trained.status, 0, trained.stderr);
  }

  const serveA = spawn(process.execPath, [PODIUM_BIN, 'serve'], {
    cwd,
    env: podiumEnv(envA),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let outputA = '';
  serveA.stdout.on('data', (chunk: Buffer) => {
    outputA += chunk.toString();
  });
  serveA.stderr.on('data', (chunk: Buffer) => {
    outputA += chunk.toString();
  });
  const exitedA = new Promise<number | null>((resolve) => serveA.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!/champion at/.test(outputA) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.match(outputA, new RegExp(`Gateway for churn on http://127\\.0\\.0\\.1:${gatewayPort}`));

    const started = Date.now();
    const serveB = podium(['serve'], { cwd, env: envB });
    const seconds = (Date.now() - started) / 1000;
    const output = serveB.stdout + serveB.stderr;
    assert.equal(serveB.status, 1, output);
    assert.match(
      serveB.stderr,
      new RegExp(
        `The gateway for churn cannot listen on 127\\.0\\.0\\.1:${gatewayPort}: another Podium gateway holds it \\(serving churn, champion v1\\), most likely another workspace's\\.`,
      ),
    );
    assert.match(serveB.stderr, /`podium serve --port N`, serving\.port in config\.local\.yaml/);
    assert.doesNotMatch(output, /Internal error|PodiumError:|\n\s+at /);
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);

    // Nothing of B's is left running: its champion was stopped, no gateway and no record.
    const servicesB = podiumJson<{ state: string; handle: string | null; url: string | null }[]>(
      ['services', 'list'],
      { cwd, env: envB },
    );
    assert.ok(
      servicesB.every((s) => s.state !== 'running'),
      JSON.stringify(servicesB),
    );
    for (const service of servicesB) {
      if (service.handle)
        assert.ok(!isAlive(Number(service.handle)), `B's service pid ${service.handle} ended`);
    }
    const runB = join(cwd, 'B', 'run');
    const records = existsSync(runB) ? readdirSync(runB).filter((f) => f.startsWith('gateway-')) : [];
    assert.deepEqual(records, []);

    // B's champion took another service port than A's, and A serves on, untouched.
    const servicesA = podiumJson<{ state: string; url: string; health: string }[]>(['services', 'list'], {
      cwd,
      env: envA,
    });
    assert.deepEqual(
      servicesA.map((s) => [s.state, s.health]),
      [['running', 'healthy']],
    );
    assert.equal(servicesA[0].url, `http://127.0.0.1:${servicePortStart}`);
    assert.notEqual(servicesB[0]?.url, servicesA[0].url);
    const health = await fetch(`http://127.0.0.1:${gatewayPort}/health`);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');

    assert.equal(serveA.exitCode, null, outputA);
  } finally {
    if (serveA.exitCode === null) {
      serveA.kill('SIGINT');
      const timer = setTimeout(() => serveA.kill('SIGKILL'), 30_000);
      await exitedA;
      clearTimeout(timer);
    }
  }
});
