import type { Tensor } from '@tensorflow/tfjs';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { EncodedMatrix } from '../types.js';

/**
 * The shape of the encoded input a network was built for. The network's inputs are, in order:
 * one float input of `numericWidth` columns (absent when there are no numeric columns), then one
 * int32 input of one column per categorical feature.
 */
export type EcdSignature = {
  numericWidth: number;
  categoricalCardinalities: number[];
};

export function signatureOf(x: EncodedMatrix): EcdSignature {
  return { numericWidth: x.numericWidth, categoricalCardinalities: [...x.categoricalCardinalities] };
}

export function assertMatches(x: EncodedMatrix, signature: EcdSignature, where: string): void {
  const cards = signature.categoricalCardinalities;
  if (x.numericWidth !== signature.numericWidth || x.categorical.length !== cards.length) {
    throw new PodiumError(
      'TRAINING_FAILED',
      `${where}: the encoded input has ${x.numericWidth} numeric and ${x.categorical.length} categorical ` +
        `columns but the network expects ${signature.numericWidth} and ${cards.length}`,
      { expected: signature, actual: signatureOf(x) },
    );
  }
  if (x.numeric.length !== x.rows * x.numericWidth || x.categorical.some((c) => c.length !== x.rows)) {
    throw new PodiumError(
      'TRAINING_FAILED',
      `${where}: the encoded input's arrays do not hold ${x.rows} rows`,
    );
  }
}

/** Rows [start, end) of `x` as the network's input tensors; the caller disposes them. */
export function inputTensors(
  tf: Tf,
  x: EncodedMatrix,
  signature: EcdSignature,
  start: number,
  end: number,
): Tensor[] {
  const rows = end - start;
  const tensors: Tensor[] = [];
  if (signature.numericWidth > 0) {
    const width = signature.numericWidth;
    tensors.push(tf.tensor2d(x.numeric.slice(start * width, end * width), [rows, width], 'float32'));
  }
  signature.categoricalCardinalities.forEach((cardinality, feature) => {
    const indices = x.categorical[feature].slice(start, end);
    // An index the network has no embedding row for would read outside the table; such a value
    // was unseen when the network was built, which is exactly what slot 0 (unknown) stands for.
    for (let i = 0; i < rows; i++) {
      if (indices[i] < 0 || indices[i] >= cardinality) indices[i] = 0;
    }
    tensors.push(tf.tensor2d(indices, [rows, 1], 'int32'));
  });
  return tensors;
}
