import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { packageToOnnx } from '../main/interop/onnx/index.js';
import { ECD_SCORER_ENV } from '../main/training/ecd/index.js';
import { loadPredictor, trainTable } from '../main/training/index.js';
import { ONNX_SESSION_OPTIONS } from '../main/training/onnx/index.js';
import { dataset, ECD_CASES, feeds, INPUTS, TREE_AND_LINEAR_CASES } from '../test/interop/onnx-parity.js';
import { config } from '../test/training/fixtures.js';
import { median } from './stats.js';

const ROWS = 200_000;
const RUNS = 3;

/**
 * Scoring the same rows through Podium's TypeScript predictors (the default of `podium predict`
 * and the model services) and through ONNX Runtime on the exported graph, per model type
 * (regression on six raw fields: two numbers, a binary, two categories, a date). Both sides start
 * from the same typed columns and end with one value per row; ONNX Runtime's side includes
 * building its input tensors. One thread each (the session options the services use).
 */
export async function benchOnnxBackend(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-onnx-'));
  try {
    const train = dataset(2_000, 11, false);
    const scored = dataset(ROWS, 12, true);
    const faster: string[] = [];
    const lines = [
      '## ONNX Runtime as a scoring backend',
      '',
      `Scoring ${ROWS.toLocaleString('en-US')} rows, medians of ${RUNS} runs in one session, one thread each (\`npm run bench -- onnx-backend\`).`,
      '',
      '| model | Podium (TypeScript) | ONNX Runtime | ORT / Podium |',
      '| --- | ---: | ---: | ---: |',
    ];
    for (const { label, family, extra } of [...TREE_AND_LINEAR_CASES, ...ECD_CASES]) {
      const packageDir = join(dir, label.replace(' ', '-'));
      await trainTable(train, {
        config: config(INPUTS, { name: 'y_number', type: 'number' }, { model_type: family, ...extra }),
        packageDir,
      });
      // The TypeScript side of the comparison: ecd on TensorFlow.js, which ONNX Runtime replaced as its default.
      process.env[ECD_SCORER_ENV] = 'tfjs';
      const predictor = await loadPredictor(packageDir).finally(() => {
        delete process.env[ECD_SCORER_ENV];
      });
      const exported = await packageToOnnx(packageDir, { name: 'bench', version: 1 });
      const session = await ort.InferenceSession.create(exported.bytes, ONNX_SESSION_OPTIONS);
      const podium: number[] = [];
      const onnx: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        let start = performance.now();
        await predictor.predictTable(scored);
        podium.push((performance.now() - start) / 1000);
        start = performance.now();
        await session.run(feeds(scored, exported.inputs));
        onnx.push((performance.now() - start) / 1000);
      }
      predictor.dispose();
      await session.release();
      const [p, o] = [median(podium), median(onnx)];
      lines.push(`| ${label} | ${p.toFixed(2)} s | ${o.toFixed(2)} s | ${(o / p).toFixed(2)}× |`);
      if (o < p) faster.push(label);
    }
    lines.push(
      '',
      faster.length === 0
        ? 'ONNX Runtime is faster for no model type in this run.'
        : `ONNX Runtime is faster for ${faster.join(', ')}; Podium's own predictors are faster for the others and stay their default. The trees and linear models are compiled to column loops here, which ONNX Runtime's general operators (one TreeEnsemble node walking every tree per row, string LabelEncoders) do not beat.`,
      '',
      "The ecd row compares Podium's TensorFlow.js path (`PODIUM_ECD_SCORER=tfjs`) with the exported graph. `podium predict` and the model services score ecd with ONNX Runtime by default: the network alone (embeddings, MatMul + Add + Relu, the output activation) on the encoded rows, with Podium's own preprocessing in front. `PODIUM_ECD_SCORER=tfjs` chooses TensorFlow.js, which also answers, with a note on stderr, where onnxruntime-node cannot load.",
    );
    return lines.join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
