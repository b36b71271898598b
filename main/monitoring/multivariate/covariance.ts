/**
 * The covariance matrix (divisor n − 1) of the columns of a row-major n × d matrix, and their
 * means. Two passes, means first, so large offsets do not cancel.
 */
export function covarianceMatrix(
  rows: Float64Array,
  n: number,
  d: number,
): { means: Float64Array; covariance: Float64Array } {
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += rows[i * d + j];
  for (let j = 0; j < d; j++) means[j] /= Math.max(n, 1);
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = rows[i * d + j] - means[j];
    for (let j = 0; j < d; j++) {
      const cj = centred[j];
      if (cj === 0) continue;
      for (let k = j; k < d; k++) covariance[j * d + k] += cj * centred[k];
    }
  }
  const divisor = Math.max(n - 1, 1);
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const value = covariance[j * d + k] / divisor;
      covariance[j * d + k] = value;
      covariance[k * d + j] = value;
    }
  }
  return { means, covariance };
}
