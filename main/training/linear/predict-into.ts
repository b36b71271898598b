import { PodiumError } from '../../contract/errors.js';
import type { EncodedMatrix, Task } from '../types.js';
import { sigmoid } from './objective.js';

/** Writes `x.rows × outputs` values of FittedModel.predictRaw's output into `out`. */
export type PredictInto = (x: EncodedMatrix, out: Float32Array) => void;

/**
 * Linear-model prediction straight from the encoded matrix into a caller's buffer: no design
 * matrix copy and no per-call allocation, so a service scoring one record at a time pays for
 * the dot products only. The arithmetic is `computeMargins` then `marginsToOutput` operation
 * for operation (Float32 numbers read as doubles, margins summed in the same order), so its
 * output is bit-for-bit what training measured. The caller checks the layout.
 */
export function createPredictInto(
  task: Task,
  weights: Float64Array,
  outputs: number,
  numericWidth: number,
  cardinalities: readonly number[],
): PredictInto {
  const blockSize = weights.length / outputs;
  const features = cardinalities.length;
  const offsets = new Int32Array(features);
  let offset = 1 + numericWidth;
  for (let c = 0; c < features; c++) {
    offsets[c] = offset;
    offset += cardinalities[c];
  }
  const margins = new Float64Array(outputs);
  return (x, out) => {
    const { rows, numericWidth: d, numeric, categorical } = x;
    if (out.length < rows * outputs) {
      throw new PodiumError('INTERNAL', `An output buffer of ${out.length} cannot hold ${rows} rows`, {
        expected: rows * outputs,
        actual: out.length,
      });
    }
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      for (let k = 0; k < outputs; k++) {
        const block = k * blockSize;
        let z = weights[block];
        for (let j = 0; j < d; j++) z += weights[block + 1 + j] * numeric[base + j];
        for (let c = 0; c < features; c++) {
          const code = categorical[c][i];
          // A code outside the feature's range reads as unknown (0), as in buildDesign.
          z += weights[block + offsets[c] + (code > 0 && code < cardinalities[c] ? code : 0)];
        }
        margins[k] = z;
      }
      const at = i * outputs;
      if (task === 'number') out[at] = margins[0];
      else if (task === 'binary') out[at] = sigmoid(margins[0]);
      else {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) max = Math.max(max, margins[k]);
        let sum = 0;
        for (let k = 0; k < outputs; k++) sum += Math.exp(margins[k] - max);
        for (let k = 0; k < outputs; k++) out[at + k] = Math.exp(margins[k] - max) / sum;
      }
    }
  };
}
