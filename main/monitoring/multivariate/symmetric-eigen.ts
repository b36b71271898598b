import { PodiumError } from '../../contract/errors.js';

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method: plane
 * rotations zero the off-diagonal entries one by one, sweep after sweep, until they are below
 * rounding noise. It is hand-written because no maintained, small linear-algebra package is in
 * the tree (ml-matrix and friends are not dependencies), and the matrices here are small (one row
 * per encoded column, a few hundred at most), where Jacobi is simple, stable and accurate to the
 * last digits even for clustered eigenvalues.
 */
export type SymmetricEigen = {
  /** Descending. */
  values: Float64Array;
  /** `vectors[j]` is the unit eigenvector of `values[j]`. */
  vectors: Float64Array[];
};

const MAX_SWEEPS = 100;

/** `matrix` is d × d, row-major; it is not modified. */
export function symmetricEigen(matrix: Float64Array, d: number): SymmetricEigen {
  if (matrix.length !== d * d) {
    throw new PodiumError(
      'DATA_INVALID',
      `An eigen decomposition needs a ${d} × ${d} matrix, not ${matrix.length} entries`,
    );
  }
  const a = Float64Array.from(matrix);
  // v holds the accumulated rotations; its columns become the eigenvectors.
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  const tolerance = Number.EPSILON * Math.max(scale, Number.MIN_VALUE);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off = Math.max(off, Math.abs(a[p * d + q]));
    if (off <= tolerance) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) <= tolerance) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        // The rotation angle that zeroes a[p][q], in the numerically stable form (Golub & Van Loan 8.5).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  return {
    values: Float64Array.from(order, (i) => a[i * d + i]),
    vectors: order.map((i) => Float64Array.from({ length: d }, (_, k) => v[k * d + i])),
  };
}
