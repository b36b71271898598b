import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findFreePort } from '../../main/serving/free-port.js';
import { isAlive, PODIUM_BIN, podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

test('podium serve runs champion and shadow, takes replayed traffic, and Ctrl-C stops everything', {
  timeout: 300_000,
}, async () => {
  const cwd = tempDir('podium-serve-');
  const configuredPort = await findFreePort('127.0.0.1', 21000 + Math.floor(Math.random() * 5000));
  // Served on another port than the configured one: replay must find the gateway that runs.
  const gatewayPort = await findFreePort('127.0.0.1', configuredPort + 1);
  const env = {
    PODIUM_WORKSPACE: join(cwd, 'ws'),
    PODIUM_TRAINING_MODEL_TYPE: 'linear',
    PODIUM_SERVING_PORT: String(configuredPort),
    PODIUM_SERVING_SERVICE_PORT_START: String(30000 + Math.floor(Math.random() * 20000)),
    // No early verdict while the replay runs (serve checks every 2 s): the pairs must all arrive.
    PODIUM_CHAMPION_CHALLENGER_SHADOW_MIN_SAMPLES: '1000000',
  };
  const ok = (args: string[]) => {
    const result = podium(args, { cwd, env });
    assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
  };
  ok(['generate-data', '--samples', '3000', '--output-dir', 'raw']);
  ok(['generate-data', '--samples', '3000', '--generate-drift', '--output-dir', 'raw']);
  ok(['train', '--data', 'raw/baseline_full.csv', '--model', 'credit-risk', '--auto-evaluate']);
  const cycle = podiumJson<{ decisions: { outcome: string }[] }>(['cycle', '--data', 'raw/drift_full.csv'], {
    cwd,
    env,
  });
  assert.equal(cycle.decisions[0].outcome, 'start_shadow');

  const serve = spawn(process.execPath, [PODIUM_BIN, 'serve', '--port', String(gatewayPort)], {
    cwd,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PODIUM_'))),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  serve.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  serve.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => serve.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!output.includes('Gateway for') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.match(output, new RegExp(`Gateway for credit-risk on http://127.0.0.1:${gatewayPort}`));

    const services = podiumJson<
      { version: number; role: string; state: string; handle: string; health: string }[]
    >(['services', 'list'], { cwd, env });
    assert.deepEqual(
      services.map((s) => [s.version, s.role, s.state, s.health]),
      [
        [1, 'champion', 'running', 'healthy'],
        [2, 'shadow', 'running', 'healthy'],
      ],
    );

    const replay = podiumJson<{ ok: number; failed: number; labelled: number }>(
      ['replay', '--data', 'raw/drift_full.csv', '--rate', '500', '--limit', '300'],
      { cwd, env },
    );
    assert.deepEqual([replay.ok, replay.failed, replay.labelled], [300, 0, 300]);
    await new Promise((r) => setTimeout(r, 500));
    const [report] = podiumJson<
      { labelled_pairs: number; interval: { lower: number; upper: number } | null }[]
    >(['shadow', 'status'], { cwd, env });
    assert.equal(report.labelled_pairs, 300);
    assert.ok(report.interval);

    serve.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(output, /Stopped\./);
    for (const service of services)
      assert.ok(!isAlive(Number(service.handle)), `service pid ${service.handle} ended`);
  } finally {
    // Stopped in order even when an assertion failed: the gateway runs in its own process
    // group and outlives a `serve` that is killed outright.
    if (serve.exitCode === null) {
      serve.kill('SIGINT');
      const timer = setTimeout(() => serve.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  }
});
