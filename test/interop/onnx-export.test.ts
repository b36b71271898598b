import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { packageToOnnx } from '../../main/interop/onnx/package-to-onnx.js';
import { trainTable } from '../../main/training/index.js';
import { config, numeric, table } from '../training/fixtures.js';
import { describeOnnxParity, TREE_AND_LINEAR_CASES } from './onnx-parity.js';

/**
 * Linear, elastic net, gbm and random forest models, each task, exported to ONNX and scored on
 * 1,000 rows by ONNX Runtime and by Podium's predictor (see onnx-parity.ts).
 */
describeOnnxParity('ONNX export: linear and tree models', TREE_AND_LINEAR_CASES);

test('an input named like an output pushes the output to predicted_<name>', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'podium-onnx-names-'));
  try {
    const value = Array.from({ length: 60 }, (_, i) => i % 10);
    const data = table(
      numeric('value', value),
      numeric(
        'y',
        value.map((v) => 2 * v + 1),
      ),
    );
    const packageDir = join(dir, 'package');
    await trainTable(data, {
      config: config(
        [{ name: 'value', type: 'number' }],
        { name: 'y', type: 'number' },
        { model_type: 'linear' },
      ),
      packageDir,
    });
    const exported = await packageToOnnx(packageDir, { name: 'named', version: 1 });
    assert.deepEqual(
      exported.outputs.map((output) => output.name),
      ['predicted_value'],
    );
    const session = await ort.InferenceSession.create(exported.bytes);
    const result = await session.run({ value: new ort.Tensor('float32', Float32Array.of(4), [1, 1]) });
    assert.ok(Math.abs((result.predicted_value.data as Float32Array)[0] - 9) < 1e-3);
    await session.release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
