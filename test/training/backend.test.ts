import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { getTf, selectBackend } from '../../main/training/backend.js';

const run = promisify(execFile);
const backendModule = new URL('../../main/training/backend.js', import.meta.url).href;

/** Whether tfjs-node loads here: its JavaScript may be installed while its native library is not. */
const tfjsNodeWorks =
  spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], { stdio: 'ignore' }).status === 0;

type Outcome = { backend?: string; active?: string; code?: string; message?: string };

/** Selection is once per process, so each forced choice gets a fresh Node process. */
async function selectIn(env: Record<string, string>, prelude = ''): Promise<Outcome> {
  const script = `${prelude}
    const { getTf, selectBackend } = await import(${JSON.stringify(backendModule)});
    try {
      const backend = await selectBackend();
      console.log(JSON.stringify({ backend, active: (await getTf()).getBackend() }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Outcome;
}

test('picks tfjs-node when it loads, else WebAssembly, once per process', async () => {
  const first = await selectBackend();
  assert.equal(first, tfjsNodeWorks ? 'tensorflow' : 'wasm');
  assert.equal(await selectBackend(), first);
  const tf = await getTf();
  assert.equal(await getTf(), tf, 'every caller gets the same tfjs namespace');
  assert.equal(tf.getBackend(), first);
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
  assert.deepEqual([...sum], [4, 6]);
});

test('the WebAssembly binaries load from the installed package, without the network', async () => {
  const outcome = await selectIn(
    { PODIUM_TF_BACKEND: 'wasm' },
    `globalThis.fetch = () => { throw new Error('network used'); };`,
  );
  assert.deepEqual(outcome, { backend: 'wasm', active: 'wasm' });
});

test('PODIUM_TF_BACKEND=cpu forces the JavaScript backend', async () => {
  assert.deepEqual(await selectIn({ PODIUM_TF_BACKEND: 'cpu' }), { backend: 'cpu', active: 'cpu' });
});

test('PODIUM_TF_BACKEND=tensorflow without tfjs-node is a clear error, not a fallback', async () => {
  const outcome = await selectIn({ PODIUM_TF_BACKEND: 'tensorflow' });
  if (tfjsNodeWorks) {
    assert.deepEqual(outcome, { backend: 'tensorflow', active: 'tensorflow' });
  } else {
    assert.equal(outcome.code, 'CONFIG_INVALID');
    assert.match(outcome.message ?? '', /PODIUM_TF_BACKEND=tensorflow.*tfjs-node/);
  }
});

test('an unknown PODIUM_TF_BACKEND value is rejected by name', async () => {
  const outcome = await selectIn({ PODIUM_TF_BACKEND: 'webgpu' });
  assert.equal(outcome.code, 'CONFIG_INVALID');
  assert.match(outcome.message ?? '', /webgpu/);
});
