import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { findFreePort } from '../../main/serving/free-port.js';
import { podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

test('serve on a port another program holds: one sentence naming the port and how to choose another, exit 1, nothing left running', {
  timeout: 180_000,
}, async () => {
  const cwd = tempDir('podium-serve-taken-');
  const taken = await findFreePort('127.0.0.1', 22000 + Math.floor(Math.random() * 5000));
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
  try {
    const env = {
      PODIUM_WORKSPACE: join(cwd, 'ws'),
      PODIUM_TRAINING_MODEL_TYPE: 'linear',
      PODIUM_SERVING_SERVICE_PORT_START: String(35000 + Math.floor(Math.random() * 15000)),
    };
    assert.equal(
      podium(['generate-data', '--samples', '1000', '--output-dir', 'raw'], { cwd, env }).status,
      0,
    );
    assert.equal(
      podium(['train', '--data', 'raw/baseline_full.csv', '--auto-evaluate'], { cwd, env }).status,
      0,
    );

    const started = Date.now();
    const serve = podium(['serve', '--port', String(taken)], { cwd, env });
    const seconds = (Date.now() - started) / 1000;
    const output = serve.stdout + serve.stderr;
    assert.equal(serve.status, 1, output);
    assert.match(serve.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${taken}`));
    assert.match(serve.stderr, /--port/);
    assert.doesNotMatch(output, /Internal error|\n\s+at /);
    // A failed start is reported, not retried with backoff until a timeout.
    assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);

    // Nothing it started is left running: no gateway, and the champion's service was stopped.
    const services = podiumJson<{ state: string }[]>(['services', 'list'], { cwd, env });
    assert.ok(
      services.every((s) => s.state !== 'running'),
      JSON.stringify(services),
    );
  } finally {
    blocker.close();
  }
});
