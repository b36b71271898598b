import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tensor as OnnxTensor } from 'onnxruntime-node';
import { PodiumError } from '../../contract/errors.js';
import { GraphBuilder } from '../../onnx-graph/index.js';
import { ONNX_SESSION_OPTIONS } from '../onnx/session-options.js';
import type { EncodedMatrix, FittedModel, Task } from '../types.js';
import { type EcdWeights, readEcdWeights } from './ecd-weights.js';
import { assertMatches, type EcdSignature } from './inputs.js';
import { ECD_JSON, type EcdMetadata, MODEL_JSON, WEIGHTS_BIN } from './model-files.js';
import { addEcdNetwork } from './onnx-network.js';
import { ecdScorerChoice } from './scorer-choice.js';

export type OnnxRuntime = typeof import('onnxruntime-node');

/**
 * Rows per session.run: larger runs amortise ONNX Runtime's per-call cost, and this bounds the
 * activations of a million-row scoring job to a few hundred MB at the widest layers.
 */
const RUN_ROWS = 65_536;
const OUTPUT = 'raw';

/**
 * ONNX Runtime, imported on first need: its native library is loaded only by a process that
 * scores with it. The first line of the failure, for the note that says why TensorFlow.js answers.
 */
/**
 * Starts loading ONNX Runtime now, when it is the ecd scorer, so a later `importOnnxRuntime`
 * finds it loaded: a worker that will score calls this while it waits for its input, and the
 * native library (about 0.15 CPU-s) loads in that idle time instead of after the file's read.
 * Never throws: a failure is met again, and reported, where the model is loaded.
 */
export function preloadOnnxRuntime(): void {
  try {
    if (ecdScorerChoice().scorer !== 'onnxruntime') return;
  } catch {
    return;
  }
  void importOnnxRuntime();
}

export async function importOnnxRuntime(): Promise<{ ort: OnnxRuntime } | { error: string }> {
  try {
    return { ort: await import('onnxruntime-node') };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
  }
}

/**
 * A saved ECD network scored by ONNX Runtime: the same weights in the same float32 layers as
 * network.ts (Gather, MatMul, Add, Relu, the task's activation), over the encoded matrix the
 * TensorFlow.js path takes, read from the package's files without loading TensorFlow.js.
 */
export async function createOnnxScorer(
  ort: OnnxRuntime,
  dir: string,
  metadata: EcdMetadata,
): Promise<FittedModel> {
  const weights = await readEcdWeights(dir);
  checkWeights(dir, weights, metadata.signature);
  const bytes = ecdScoringGraph(metadata.signature, metadata.task, weights);
  const session = await ort.InferenceSession.create(bytes, ONNX_SESSION_OPTIONS).catch((error: Error) => {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `ONNX Runtime cannot score the ECD model in ${dir}: ${error.message}`,
      { dir },
    );
  });
  const signature = metadata.signature;
  const width = weights.logits.bias.shape[0];
  let disposed = false;
  // Runs still in flight when the model is disposed (a service reloading mid-request): the
  // session is released after them, never under them.
  const running = new Set<Promise<unknown>>();
  const feeds = (x: EncodedMatrix, start: number, end: number): Record<string, OnnxTensor> => {
    const rows = end - start;
    const result: Record<string, OnnxTensor> = {};
    if (signature.numericWidth > 0) {
      const w = signature.numericWidth;
      result.numeric = new ort.Tensor('float32', x.numeric.subarray(start * w, end * w), [rows, w]);
    }
    signature.categoricalCardinalities.forEach((cardinality, feature) => {
      const codes = inRange(x.categorical[feature].subarray(start, end), cardinality);
      result[`category_${feature}`] = new ort.Tensor('int32', codes, [rows, 1]);
    });
    return result;
  };
  return {
    family: 'ecd',
    backend: 'onnxruntime',
    predictRaw: async (x: EncodedMatrix) => {
      if (disposed) throw new PodiumError('INTERNAL', 'This ECD model has been disposed');
      assertMatches(x, signature, 'ECD predict');
      const out = new Float32Array(x.rows * width);
      for (let start = 0; start < x.rows; start += RUN_ROWS) {
        if (disposed) throw new PodiumError('INTERNAL', 'This ECD model was disposed while scoring');
        const end = Math.min(x.rows, start + RUN_ROWS);
        const run = session.run(feeds(x, start, end));
        running.add(run);
        const results = await run.finally(() => running.delete(run));
        out.set(results[OUTPUT].data as Float32Array, start * width);
      }
      return out;
    },
    // The network's own files, as loaded: the weights are the same whichever runtime scores them.
    save: async (target: string) => {
      for (const file of [MODEL_JSON, WEIGHTS_BIN, ECD_JSON])
        await copyFile(join(dir, file), join(target, file));
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      void Promise.allSettled([...running])
        .then(() => session.release())
        .catch(() => undefined);
    },
  };
}

/**
 * The scoring graph: inputs `numeric` (float32 `[N, numericWidth]`, absent without numeric
 * columns) and `category_<i>` (int32 `[N, 1]` codes) as the encoded matrix holds them, output
 * `raw`, float32 `[N, K]` in FittedModel.predictRaw's space.
 */
export function ecdScoringGraph(signature: EcdSignature, task: Task, weights: EcdWeights): Uint8Array {
  const graph = new GraphBuilder();
  const numeric =
    signature.numericWidth > 0 ? graph.input('numeric', 'float', ['N', signature.numericWidth]) : null;
  const categorical = signature.categoricalCardinalities.map((_, i) => ({
    name: `category_${i}`,
    codes: graph.input(`category_${i}`, 'int32', ['N', 1]),
  }));
  const raw = addEcdNetwork(graph, { numeric, categorical }, task, weights);
  graph.output(raw, OUTPUT, 'float', ['N', weights.logits.bias.shape[0]]);
  return graph.toBytes({ graphName: 'ecd', docString: 'Podium ECD network scorer', metadata: {} });
}

/**
 * The weights must fit the layout ecd.json states and chain from layer to layer, or Gather and
 * MatMul would fail mid-request with ONNX Runtime's shape errors instead of naming the package.
 */
function checkWeights(dir: string, weights: EcdWeights, signature: EcdSignature): void {
  const cards = signature.categoricalCardinalities;
  const fail = (problem: string): never => {
    throw new PodiumError('PACKAGE_INVALID', `The ECD model in ${dir} has ${problem}`, { dir });
  };
  if (weights.embeddings.length !== cards.length) {
    fail(`${weights.embeddings.length} embedding tables for ${cards.length} category features`);
  }
  let width = signature.numericWidth;
  weights.embeddings.forEach((table, i) => {
    if (table.shape.length !== 2 || table.shape[0] !== cards[i]) {
      fail(`embedding table ${i} of shape [${table.shape}] for a feature of ${cards[i]} codes`);
    }
    width += table.shape[1];
  });
  [...weights.hidden, weights.logits].forEach((layer, i) => {
    const [rows, columns] = layer.kernel.shape;
    if (layer.kernel.shape.length !== 2 || rows !== width || layer.bias.shape[0] !== columns) {
      fail(
        `layer ${i} of kernel [${layer.kernel.shape}] and bias [${layer.bias.shape}] after ${width} values`,
      );
    }
    width = columns;
  });
}

/**
 * A code the network has no embedding row for would make Gather fail; such a value was unseen
 * when the network was built, which is what slot 0 (unknown) stands for, as inputs.ts reads it.
 * Copied only when something is out of range, so the common case feeds the matrix as it is.
 */
function inRange(codes: Int32Array, cardinality: number): Int32Array {
  let copy: Int32Array | null = null;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] >= 0 && codes[i] < cardinality) continue;
    copy ??= Int32Array.from(codes);
    copy[i] = 0;
  }
  return copy ?? codes;
}
