import { PodiumError } from '../contract/errors.js';
import type { Prediction } from '../training/types.js';
import type { Preprocessing } from './types.js';

/**
 * Turns a model's raw output (in the encoded target's space, see FittedModel.predictRaw) into
 * predictions in the target's own terms: a class label with its probabilities, or a number in
 * the original units.
 */
export function decodePrediction(pre: Preprocessing, raw: Float32Array, rows: number): Prediction[] {
  const target = pre.target;
  const predictions: Prediction[] = new Array(rows);
  if (target.task === 'number') {
    expectLength(raw, rows);
    for (let i = 0; i < rows; i++) predictions[i] = { value: raw[i] * target.std + target.mean };
    return predictions;
  }
  const { classes } = target;
  if (target.task === 'binary') {
    expectLength(raw, rows);
    for (let i = 0; i < rows; i++) {
      const p = raw[i];
      predictions[i] = {
        value: classes[p >= 0.5 ? 1 : 0],
        probabilities: { [classes[0]]: 1 - p, [classes[1]]: p },
      };
    }
    return predictions;
  }
  const k = classes.length;
  expectLength(raw, rows * k);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) {
      probabilities[classes[c]] = raw[i * k + c];
      if (raw[i * k + c] > raw[i * k + best]) best = c;
    }
    predictions[i] = { value: classes[best], probabilities };
  }
  return predictions;
}

/**
 * A batch's predictions as columns (what `decodePrediction` gives as one object per row):
 * `values` for a number target; the class index per row and the probabilities (rows × classes,
 * row-major, in `classes` order) for a class target. The arithmetic is `decodePrediction`'s, so
 * every value is the same number; only the million small objects are gone.
 */
export type DecodedColumns =
  | { task: 'number'; rows: number; values: Float64Array }
  | {
      task: 'binary' | 'category';
      rows: number;
      classes: string[];
      classIndex: Int32Array;
      probabilities: Float64Array;
    };

export function decodeColumns(pre: Preprocessing, raw: Float32Array, rows: number): DecodedColumns {
  const target = pre.target;
  if (target.task === 'number') {
    expectLength(raw, rows);
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = raw[i] * target.std + target.mean;
    return { task: 'number', rows, values };
  }
  const { classes } = target;
  const k = classes.length;
  const classIndex = new Int32Array(rows);
  if (target.task === 'binary') {
    expectLength(raw, rows);
    const probabilities = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      const p = raw[i];
      classIndex[i] = p >= 0.5 ? 1 : 0;
      probabilities[i * 2] = 1 - p;
      probabilities[i * 2 + 1] = p;
    }
    return { task: 'binary', rows, classes, classIndex, probabilities };
  }
  expectLength(raw, rows * k);
  const probabilities = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 0; c < k; c++) {
      probabilities[i * k + c] = raw[i * k + c];
      if (raw[i * k + c] > raw[i * k + best]) best = c;
    }
    classIndex[i] = best;
  }
  return { task: 'category', rows, classes, classIndex, probabilities };
}

/** Number targets back in original units (other tasks pass through), for metrics. */
export function unscaleTarget(pre: Preprocessing, values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  const target = pre.target;
  if (target.task === 'number')
    for (let i = 0; i < out.length; i++) out[i] = out[i] * target.std + target.mean;
  return out;
}

function expectLength(raw: Float32Array, length: number): void {
  if (raw.length !== length) {
    throw new PodiumError('INTERNAL', `Model output has ${raw.length} values where ${length} were expected`, {
      expected: length,
      actual: raw.length,
    });
  }
}
