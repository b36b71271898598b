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

test('serve and ui with a port that is none, or ui on a port another program holds: a sentence naming the port and --port, nothing left running', {
  timeout: 120_000,
}, async () => {
  const cwd = tempDir('podium-ui-taken-');
  const env = { PODIUM_WORKSPACE: join(cwd, 'ws') };
  for (const command of ['serve', 'ui']) {
    const invalid = podium([command, '--port', '70000'], { cwd, env });
    assert.equal(invalid.status, 2, invalid.stderr);
    assert.match(
      invalid.stderr,
      /option '--port <n>' argument '70000' is invalid\. expected a port number from 1 to 65535/,
    );
  }

  const taken = await findFreePort('127.0.0.1', 27000 + Math.floor(Math.random() * 5000));
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
  try {
    const ui = podium(['ui', '--no-open', '--port', String(taken)], { cwd, env });
    const output = ui.stdout + ui.stderr;
    assert.equal(ui.status, 1, output);
    assert.match(
      ui.stderr,
      new RegExp(
        `The Podium UI cannot listen on 127\\.0\\.0\\.1:${taken} \\(another program holds it\\): choose another port with \`podium ui --port N\``,
      ),
    );
    assert.doesNotMatch(output, /Internal error|PodiumError:|\n\s+at /);
  } finally {
    blocker.close();
  }
});
