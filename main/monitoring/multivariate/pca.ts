import { covarianceMatrix } from './covariance.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * Principal components of encoded rows, kept until they explain EXPLAINED_VARIANCE of the
 * variance (90%, as NannyML's data reconstruction drift does by default): what is left over is
 * how each row departs from the reference's correlation structure.
 */
export const EXPLAINED_VARIANCE = 0.9;

export type Pca = {
  width: number;
  means: Float64Array;
  /** Unit eigenvectors of the components kept, largest variance first. */
  components: Float64Array[];
  /** Share of the total variance the kept components explain. */
  explained: number;
};

export function fitPca(rows: Float64Array, n: number, width: number, share = EXPLAINED_VARIANCE): Pca {
  const { means, covariance } = covarianceMatrix(rows, n, width);
  const { values, vectors } = symmetricEigen(covariance, width);
  let total = 0;
  for (const value of values) total += Math.max(value, 0);
  const components: Float64Array[] = [];
  let kept = 0;
  for (let j = 0; j < width && (total === 0 ? false : kept / total < share); j++) {
    components.push(vectors[j]);
    kept += Math.max(values[j], 0);
  }
  return { width, means, components, explained: total === 0 ? 1 : kept / total };
}

/** Per row, the Euclidean distance between the row and its projection back from the components. */
export function reconstructionErrors(pca: Pca, rows: Float64Array, n: number): Float64Array {
  const { width, means, components } = pca;
  const errors = new Float64Array(n);
  const residual = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) residual[j] = rows[i * width + j] - means[j];
    for (const component of components) {
      let projection = 0;
      for (let j = 0; j < width; j++) projection += residual[j] * component[j];
      for (let j = 0; j < width; j++) residual[j] -= projection * component[j];
    }
    let squares = 0;
    for (let j = 0; j < width; j++) squares += residual[j] * residual[j];
    errors[i] = Math.sqrt(squares);
  }
  return errors;
}
