/**
 * Variance inflation factors and the backward elimination that drops collinear features.
 * Written here because no maintained JavaScript library computes VIF; the arithmetic is a
 * correlation matrix and its inverse, small enough (a few dozen columns) to do directly.
 *
 * With an intercept in the model, VIF_j = 1 / (1 − R²_j) where R²_j comes from regressing
 * column j on the others, which equals the j-th diagonal entry of the inverse correlation
 * matrix (statsmodels' `variance_inflation_factor` on a design with a constant gives the same).
 */
export type VifEntry = {
  name: string;
  /** null for a column that is constant in the rows it was fitted on (its VIF is undefined). */
  vif: number | null;
};

export type VifSelection = {
  method: 'vif';
  threshold: number;
  /** In the order they were dropped; constant columns first. */
  dropped: (VifEntry & { reason: 'constant' | 'vif' })[];
  /** The remaining columns with their VIFs after the last drop. */
  kept: VifEntry[];
};

/** Added to the correlation matrix's diagonal so an exactly collinear set gives a huge VIF, not a division by zero. */
const RIDGE = 1e-10;

/**
 * Drops, one at a time, the column with the highest VIF while that VIF exceeds `threshold`
 * (ties go to the column listed last). `columns[j]` holds column j's values for every row.
 */
export function selectByVif(
  names: readonly string[],
  columns: readonly ArrayLike<number>[],
  threshold: number,
): VifSelection {
  const dropped: VifSelection['dropped'] = [];
  const standardized: Float64Array[] = [];
  const live: number[] = [];
  columns.forEach((values, j) => {
    const z = standardize(values);
    if (z === null) dropped.push({ name: names[j], vif: null, reason: 'constant' });
    else {
      standardized.push(z);
      live.push(j);
    }
  });
  const correlation = correlationMatrix(standardized);
  // Indices into `standardized` (and `correlation`) still in the model.
  let remaining = standardized.map((_, i) => i);
  let vifs = inverseDiagonal(correlation, remaining);
  while (remaining.length > 1) {
    let worst = -1;
    for (let i = 0; i < vifs.length; i++) if (worst < 0 || vifs[i] >= vifs[worst]) worst = i;
    if (!(vifs[worst] > threshold)) break;
    dropped.push({ name: names[live[remaining[worst]]], vif: vifs[worst], reason: 'vif' });
    remaining = remaining.filter((_, i) => i !== worst);
    vifs = inverseDiagonal(correlation, remaining);
  }
  if (remaining.length === 1) vifs = [1];
  return {
    method: 'vif',
    threshold,
    dropped,
    kept: remaining.map((index, i) => ({ name: names[live[index]], vif: vifs[i] })),
  };
}

/** The VIF of every column, with none dropped (columns must not be constant). */
export function varianceInflationFactors(columns: readonly ArrayLike<number>[]): number[] {
  const standardized = columns.map((values, j) => {
    const z = standardize(values);
    if (z === null) throw new RangeError(`column ${j} is constant; its VIF is undefined`);
    return z;
  });
  if (standardized.length === 1) return [1];
  return inverseDiagonal(
    correlationMatrix(standardized),
    standardized.map((_, i) => i),
  );
}

/** (x − mean) / (std · √n), so a dot product of two columns is their correlation; null when constant. */
function standardize(values: ArrayLike<number>): Float64Array | null {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) sumSquares += (values[i] - mean) ** 2;
  // Relative to the values' size, so a column of large constant numbers with rounding noise counts as constant.
  if (!(sumSquares > 1e-24 * n * Math.max(1, mean * mean))) return null;
  const norm = Math.sqrt(sumSquares);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (values[i] - mean) / norm;
  return z;
}

function correlationMatrix(columns: readonly Float64Array[]): Float64Array[] {
  const k = columns.length;
  const matrix = Array.from({ length: k }, () => new Float64Array(k));
  for (let a = 0; a < k; a++) {
    matrix[a][a] = 1;
    for (let b = a + 1; b < k; b++) {
      const x = columns[a];
      const y = columns[b];
      let dot = 0;
      for (let i = 0; i < x.length; i++) dot += x[i] * y[i];
      matrix[a][b] = dot;
      matrix[b][a] = dot;
    }
  }
  return matrix;
}

/** The diagonal of the inverse of the correlation submatrix over `indices` (Gauss–Jordan with partial pivoting). */
function inverseDiagonal(correlation: readonly Float64Array[], indices: readonly number[]): number[] {
  const k = indices.length;
  const a = indices.map((row) => {
    const out = new Float64Array(2 * k);
    indices.forEach((column, j) => {
      out[j] = correlation[row][column] + (row === column ? RIDGE : 0);
    });
    return out;
  });
  for (let i = 0; i < k; i++) a[i][k + i] = 1;
  for (let column = 0; column < k; column++) {
    let pivot = column;
    for (let row = column + 1; row < k; row++) {
      if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) pivot = row;
    }
    [a[column], a[pivot]] = [a[pivot], a[column]];
    const scale = a[column][column];
    for (let j = 0; j < 2 * k; j++) a[column][j] /= scale;
    for (let row = 0; row < k; row++) {
      if (row === column) continue;
      const factor = a[row][column];
      if (factor === 0) continue;
      for (let j = 0; j < 2 * k; j++) a[row][j] -= factor * a[column][j];
    }
  }
  return indices.map((_, i) => a[i][k + i]);
}
