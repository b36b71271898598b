import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Table } from '../../main/data/types.js';
import { encode } from '../../main/features/index.js';
import { getTf } from '../../main/training/backend.js';
import { ECD_SCORER_ENV, type EcdScorer, loadEcdScorer } from '../../main/training/ecd/index.js';
import { loadPredictor, MODEL_DIR, type Predictor, trainTable } from '../../main/training/index.js';
import type { Prediction, Task } from '../../main/training/types.js';
import { dataset, INPUTS } from '../interop/onnx-parity.js';
import { config } from './fixtures.js';

/**
 * ecd models are scored with ONNX Runtime by default. On 1,000 rows (missing numbers, dates and
 * categories, a category never seen in training) it must answer what TensorFlow.js answers for
 * the same saved weights: the same labels, and probabilities and numbers within a relative 1e-5.
 * Not bit for bit: both compute in float32, but their matrix products sum in different orders.
 */
const TARGETS: Record<Task, string> = { binary: 'y_binary', category: 'y_category', number: 'y_number' };
const TOLERANCE = 1e-5;
const compiledMain = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main');

async function loadWith(scorer: EcdScorer | undefined, packageDir: string): Promise<Predictor> {
  const previous = process.env[ECD_SCORER_ENV];
  if (scorer === undefined) delete process.env[ECD_SCORER_ENV];
  else process.env[ECD_SCORER_ENV] = scorer;
  try {
    return await loadPredictor(packageDir);
  } finally {
    if (previous === undefined) delete process.env[ECD_SCORER_ENV];
    else process.env[ECD_SCORER_ENV] = previous;
  }
}

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-6);
}

/** The largest relative difference between two lists of predictions; labels must be equal. */
function largestDifference(expected: Prediction[], actual: Prediction[]): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  expected.forEach((prediction, i) => {
    if (typeof prediction.value === 'number') {
      worst = Math.max(worst, relativeDifference(prediction.value, actual[i].value as number));
      return;
    }
    assert.equal(actual[i].value, prediction.value, `row ${i}: the label differs`);
    for (const [name, p] of Object.entries(prediction.probabilities ?? {})) {
      worst = Math.max(worst, relativeDifference(p, actual[i].probabilities?.[name] ?? Number.NaN));
    }
  });
  return worst;
}

describe('ecd scored with ONNX Runtime', () => {
  let dir: string;
  let scored: Table;
  const packages = {} as Record<Task, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-ecd-ort-'));
    const train = dataset(400, 11, false);
    scored = dataset(1000, 12, true);
    for (const task of ['binary', 'category', 'number'] as Task[]) {
      packages[task] = join(dir, task);
      await trainTable(train, {
        config: config(
          INPUTS,
          { name: TARGETS[task], type: task },
          {
            model_type: 'ecd',
            trainer: { epochs: 3, batch_size: 64 },
            // Two hidden layers, so a ReLU feeds another MatMul as in the default network.
            combiner: { type: 'concat', fc_layers: [{ output_size: 16 }, { output_size: 8 }], dropout: 0 },
          },
        ),
        packageDir: packages[task],
      });
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const task of ['binary', 'category', 'number'] as Task[]) {
    test(`${task}: the default predictor reports onnxruntime and answers as TensorFlow.js does`, async () => {
      const onnx = await loadWith(undefined, packages[task]);
      const tfjs = await loadWith('tfjs', packages[task]);
      try {
        assert.equal(onnx.backend, 'onnxruntime');
        assert.equal(tfjs.backend, (await getTf()).getBackend());
        const worst = largestDifference(await tfjs.predictTable(scored), await onnx.predictTable(scored));
        assert.ok(worst <= TOLERANCE, `largest relative difference ${worst}`);

        // A service's few records take the per-record path; it scores through the same session.
        const records = [
          { x1: 0.5, x2: 3, member: 'yes', color: 'red', plan: 'pro', signup: '2022-03-01' },
          { x1: null, x2: 'n/a', member: null, color: 'purple', plan: null, signup: null },
        ];
        const fromOnnx = await onnx.predictRecords(records);
        const fromTfjs = await tfjs.predictRecords(records);
        assert.equal(fromOnnx.unseenCategories, fromTfjs.unseenCategories);
        assert.ok(largestDifference(fromTfjs.predictions, fromOnnx.predictions) <= TOLERANCE);
      } finally {
        onnx.dispose();
        tfjs.dispose();
      }
    });
  }

  test('a code outside the embedding table reads as unknown, as on TensorFlow.js', async () => {
    const predictor = await loadWith(undefined, packages.category);
    const modelDir = join(packages.category, MODEL_DIR);
    const onnx = await loadEcdScorer(modelDir, { task: 'category' }, { scorer: 'onnxruntime', forced: true });
    const tfjs = await loadEcdScorer(modelDir, { task: 'category' }, { scorer: 'tfjs', forced: true });
    try {
      const rows = Uint32Array.of(0, 1, 2, 3);
      const { x } = encode(predictor.preprocessing, scored, rows);
      x.categorical[0].set([-3, 999, 0, 1]);
      const { x: unknown } = encode(predictor.preprocessing, scored, rows);
      unknown.categorical[0].set([0, 0, 0, 1]);
      const [a, b] = [await onnx.predictRaw(x), await tfjs.predictRaw(x)];
      assert.equal(a.length, 4 * 3);
      for (let i = 0; i < a.length; i++) assert.ok(relativeDifference(a[i], b[i]) <= TOLERANCE, `value ${i}`);
      assert.deepEqual(a, await onnx.predictRaw(unknown));
      assert.deepEqual([...x.categorical[0]], [-3, 999, 0, 1], 'the caller’s matrix is left as it was');
    } finally {
      predictor.dispose();
      onnx.dispose();
      tfjs.dispose();
    }
  });

  test('save writes the network’s files, which load and score the same; a disposed model refuses', async () => {
    const modelDir = join(packages.number, MODEL_DIR);
    const choice = { scorer: 'onnxruntime', forced: true } as const;
    const model = await loadEcdScorer(modelDir, { task: 'number' }, choice);
    const copy = join(dir, 'copy');
    await mkdir(copy);
    await model.save(copy);
    const again = await loadEcdScorer(copy, { task: 'number' }, choice);
    const predictor = await loadWith(undefined, packages.number);
    const { x } = encode(predictor.preprocessing, scored);
    predictor.dispose();
    assert.deepEqual(await again.predictRaw(x), await model.predictRaw(x));
    again.dispose();
    // Disposed mid-request, the run in flight still answers; the session is released after it.
    const pending = model.predictRaw(x);
    model.dispose();
    assert.equal((await pending).length, x.rows);
    await assert.rejects(model.predictRaw(x), { code: 'INTERNAL' });
    await assert.rejects(loadEcdScorer(modelDir, { task: 'binary' }, choice), {
      code: 'PACKAGE_INVALID',
      message: /answers a number task, not binary/,
    });
    // An ecd.json that does not fit the weights is named at load, not as a shape error mid-request.
    const metadataFile = join(copy, 'ecd.json');
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8'));
    metadata.signature.numericWidth += 1;
    await writeFile(metadataFile, JSON.stringify(metadata));
    await assert.rejects(loadEcdScorer(copy, { task: 'number' }, choice), {
      code: 'PACKAGE_INVALID',
      message: /The ECD model in .*copy has layer 0 of kernel \[\d+,16\] and bias \[16\] after \d+ values/,
    });
  });

  test('an unknown PODIUM_ECD_SCORER is a CONFIG_INVALID error naming the variable', async () => {
    process.env[ECD_SCORER_ENV] = 'tensorrt';
    try {
      await assert.rejects(loadPredictor(packages.binary), {
        code: 'CONFIG_INVALID',
        message: /PODIUM_ECD_SCORER="tensorrt" is not an ecd scoring backend; use one of onnxruntime, tfjs/,
      });
    } finally {
      delete process.env[ECD_SCORER_ENV];
    }
  });

  test('without onnxruntime-node, TensorFlow.js scores with a note; asked for by name, it is an error', async () => {
    // A real process whose module resolution cannot find onnxruntime-node, as on a platform it has no build for.
    const hooks = join(dir, 'no-onnxruntime-hooks.mjs');
    await writeFile(
      hooks,
      `export async function resolve(specifier, context, next) {
  if (specifier === 'onnxruntime-node') throw new Error('Cannot find package onnxruntime-node');
  return next(specifier, context);
}\n`,
    );
    const register = join(dir, 'no-onnxruntime.mjs');
    await writeFile(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const script = join(dir, 'load-ecd.mjs');
    await writeFile(
      script,
      `const { loadPredictor } = await import(${JSON.stringify(pathToFileURL(join(compiledMain, 'training', 'index.js')).href)});
const predictor = await loadPredictor(process.argv[2]);
const { predictions: [prediction] } = await predictor.predictRecords([{ x1: 1, x2: 2, member: 'no', color: 'red', plan: 'pro', signup: '2022-05-01' }]);
console.log(JSON.stringify({ backend: predictor.backend, value: prediction.value }));
predictor.dispose();
process.env.PODIUM_ECD_SCORER = 'onnxruntime';
const error = await loadPredictor(process.argv[2]).then(() => null, (e) => ({ code: e.code, message: e.message }));
console.log(JSON.stringify(error));
`,
    );
    // TensorFlow.js's plain JavaScript backend starts without compiling WebAssembly: this test is about the choice, not the kernels.
    const env: NodeJS.ProcessEnv = { ...process.env, PODIUM_TF_BACKEND: 'cpu' };
    delete env[ECD_SCORER_ENV];
    const child = spawnSync(process.execPath, ['--import', register, script, packages.binary], {
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const [fallback, forced] = child.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(fallback.backend, 'cpu');
    assert.ok(['yes', 'no'].includes(fallback.value));
    assert.match(
      child.stderr,
      /onnxruntime-node could not be loaded \(Cannot find package onnxruntime-node\); ecd models are scored with TensorFlow\.js instead/,
    );
    assert.equal(forced.code, 'CONFIG_INVALID');
    assert.match(
      forced.message,
      /PODIUM_ECD_SCORER=onnxruntime was requested but onnxruntime-node could not be loaded/,
    );
  });
});
