import type { Design } from './design.js';

/**
 * Closed-form ridge regression: solves (AᵀA/n + λI′) w = Aᵀy/n by Cholesky, where A is the
 * design with its intercept column and I′ leaves the intercept unpenalised. Exact and faster
 * than any iteration when the block is small. λ is at least 1e-8 because one-hot columns plus
 * an intercept are collinear; that tiny ridge picks the minimum-norm solution and changes no
 * prediction measurably. Returns undefined when the system is not numerically positive definite.
 */
export function solveRidge(design: Design, targets: Float32Array, l2: number): Float64Array | undefined {
  const size = design.blockSize;
  const n = design.rows;
  const gram = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  const { numericWidth: d, numeric, codes, offsets } = design;
  const entries = 1 + d + codes.length;
  const index = new Int32Array(entries);
  const value = new Float64Array(entries);

  for (let i = 0; i < n; i++) {
    index[0] = 0;
    value[0] = 1;
    for (let j = 0; j < d; j++) {
      index[1 + j] = 1 + j;
      value[1 + j] = numeric[i * d + j];
    }
    for (let c = 0; c < codes.length; c++) {
      index[1 + d + c] = offsets[c] + codes[c][i];
      value[1 + d + c] = 1;
    }
    const y = targets[i];
    for (let a = 0; a < entries; a++) {
      const row = index[a] * size;
      const va = value[a];
      rhs[index[a]] += va * y;
      for (let b = 0; b < entries; b++) gram[row + index[b]] += va * value[b];
    }
  }
  const lambda = Math.max(l2, 1e-8);
  for (let a = 0; a < size * size; a++) gram[a] /= n;
  for (let a = 0; a < size; a++) {
    rhs[a] /= n;
    if (a > 0) gram[a * size + a] += lambda;
  }
  return choleskySolve(gram, rhs, size);
}

/** Solves G x = b for symmetric positive definite G (row-major), in place of a copy. */
function choleskySolve(gram: Float64Array, rhs: Float64Array, size: number): Float64Array | undefined {
  const lower = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = gram[i * size + j];
      for (let k = 0; k < j; k++) sum -= lower[i * size + k] * lower[j * size + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        lower[i * size + i] = Math.sqrt(sum);
      } else {
        lower[i * size + j] = sum / lower[j * size + j];
      }
    }
  }
  const z = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = rhs[i];
    for (let k = 0; k < i; k++) sum -= lower[i * size + k] * z[k];
    z[i] = sum / lower[i * size + i];
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < size; k++) sum -= lower[k * size + i] * x[k];
    x[i] = sum / lower[i * size + i];
  }
  return x;
}
