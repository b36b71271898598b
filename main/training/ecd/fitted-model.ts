import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { EncodedMatrix, FittedModel } from '../types.js';
import { assertMatches, inputTensors } from './inputs.js';
import { type EcdMetadata, saveModelFiles } from './model-files.js';

/** Rows per predict call: bounds the memory of a large batch scoring job. */
const PREDICT_CHUNK = 8192;

/**
 * A trained or loaded ECD network; it owns `model` and frees it on dispose. `backend` is the one
 * that computes its predictions now, which for a loaded model need not be the one that trained it.
 */
export function createFittedModel(
  tf: Tf,
  model: LayersModel,
  metadata: EcdMetadata,
  backend: string,
): FittedModel {
  const width = metadata.task === 'category' ? outputWidth(model) : 1;
  let disposed = false;
  const assertLive = (): void => {
    if (disposed) throw new PodiumError('INTERNAL', 'This ECD model has been disposed');
  };
  return {
    family: 'ecd',
    backend,
    predictRaw: async (x: EncodedMatrix) => {
      assertLive();
      assertMatches(x, metadata.signature, 'ECD predict');
      const out = new Float32Array(x.rows * width);
      for (let start = 0; start < x.rows; start += PREDICT_CHUNK) {
        const end = Math.min(x.rows, start + PREDICT_CHUNK);
        const values = tf.tidy(() => {
          // One batch per chunk: tfjs's default of 32 rows a batch spent most of a 10,000-row
          // drift sample's scoring on slicing and per-batch kernel calls.
          const prediction = model.predict(inputTensors(tf, x, metadata.signature, start, end), {
            batchSize: end - start,
          }) as Tensor;
          return prediction.dataSync();
        });
        out.set(values, start * width);
      }
      return out;
    },
    save: async (dir: string) => {
      assertLive();
      await saveModelFiles(tf, model, metadata, dir);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}

function outputWidth(model: LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] ?? 1;
}
