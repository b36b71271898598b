import type { GradSaveFunc, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';

/** Rows of `table` for a 1-D int32 tensor of indices, differentiable with respect to `table`. */
export type EmbeddingLookup = (indices: Tensor, table: Tensor) => Tensor;

/**
 * An embedding lookup whose gradient runs on every backend. tfjs's own gather gradient needs the
 * UnsortedSegmentSum kernel, which the WASM backend lacks; scatterND (which sums rows hit more
 * than once) builds the same gradient in O(batch × width), so wide category tables stay cheap.
 * The forward pass is the same gather the saved Embedding layer runs, so training and serving
 * read the table identically.
 */
export function createEmbeddingLookup(tf: Tf): EmbeddingLookup {
  const lookup = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const [indices, table, save] = args as [Tensor, Tensor, GradSaveFunc];
    save([indices]);
    return {
      value: tf.gather(table, indices),
      gradFunc: (dy: Tensor, [saved]: Tensor[]) => [
        tf.zerosLike(saved),
        tf.scatterND(tf.expandDims(saved, 1), dy, table.shape),
      ],
    };
  });
  return (indices, table) => lookup(indices, table);
}
