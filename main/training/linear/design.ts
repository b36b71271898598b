import type { EncodedMatrix } from '../types.js';

/**
 * The design matrix of a linear model, kept sparse: each row is an intercept, the dense numeric
 * block and one active one-hot column per category feature. Weights for one output form a block
 * of `blockSize` = 1 (intercept) + numeric width + Σ cardinalities; K outputs (K classes for a
 * softmax, else 1) lie block after block in one Float64Array.
 */
export type Design = {
  rows: number;
  numericWidth: number;
  numeric: Float64Array;
  /** Category codes, clamped into each feature's range so a bad code reads as unknown (0). */
  codes: Int32Array[];
  /** Offset of each category feature's first one-hot column inside a block. */
  offsets: number[];
  blockSize: number;
};

export function buildDesign(
  x: EncodedMatrix,
  cardinalities: readonly number[] = x.categoricalCardinalities,
): Design {
  const numeric = Float64Array.from(x.numeric);
  const offsets: number[] = [];
  let offset = 1 + x.numericWidth;
  const codes = x.categorical.map((source, feature) => {
    offsets.push(offset);
    const cardinality = cardinalities[feature];
    offset += cardinality;
    const clamped = new Int32Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const code = source[i];
      clamped[i] = code > 0 && code < cardinality ? code : 0;
    }
    return clamped;
  });
  return { rows: x.rows, numericWidth: x.numericWidth, numeric, codes, offsets, blockSize: offset };
}

/** margins[i·K + k] = the linear predictor of row i for output k. */
export function computeMargins(
  design: Design,
  weights: Float64Array,
  outputs: number,
  margins: Float64Array,
): void {
  const { rows, numericWidth: d, numeric, codes, offsets, blockSize } = design;
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    for (let k = 0; k < outputs; k++) {
      const block = k * blockSize;
      let z = weights[block];
      for (let j = 0; j < d; j++) z += weights[block + 1 + j] * numeric[base + j];
      for (let c = 0; c < codes.length; c++) z += weights[block + offsets[c] + codes[c][i]];
      margins[i * outputs + k] = z;
    }
  }
}

/** gradient += Σ_i residual[i·K + k] · row_i, per output block (unscaled; the caller divides by n). */
export function accumulateGradient(
  design: Design,
  residuals: Float64Array,
  outputs: number,
  gradient: Float64Array,
): void {
  const { rows, numericWidth: d, numeric, codes, offsets, blockSize } = design;
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    for (let k = 0; k < outputs; k++) {
      const r = residuals[i * outputs + k];
      if (r === 0) continue;
      const block = k * blockSize;
      gradient[block] += r;
      for (let j = 0; j < d; j++) gradient[block + 1 + j] += r * numeric[base + j];
      for (let c = 0; c < codes.length; c++) gradient[block + offsets[c] + codes[c][i]] += r;
    }
  }
}
