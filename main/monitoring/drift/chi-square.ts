import { regularizedGammaQ } from '../../common/statistics/index.js';

/**
 * Chi-square test of homogeneity on a 2 × k table (reference counts, current counts), after
 * merging sparse cells. A test of homogeneity rather than goodness of fit against the reference
 * shares, because the reference is a sample too, and because a category the reference never saw
 * has expected count 0 under goodness of fit (an infinite statistic) but a finite one here.
 *
 *   X² = Σ_r Σ_j (O_rj − E_rj)² / E_rj,  E_rj = R_r·C_j / N,  df = k − 1,  p = Q(df/2, X²/2)
 *
 * (scipy.stats.chi2_contingency with correction=False on the merged table).
 */
export const MIN_EXPECTED = 5;

export type ChiSquareCells = { labels: string[]; reference: number[]; current: number[] };

export type ChiSquareResult = {
  statistic: number;
  df: number;
  p: number;
  /** Cells after merging; a single cell leaves nothing to test (df = 0). */
  cells: ChiSquareCells;
  /** How many non-empty cells were pooled because their expected counts were below 5. */
  pooled: number;
};

/**
 * Cochran's rule: every expected count at least 5. Since E_rj = R_r·C_j/N, a column is sparse
 * when its total C_j < 5·N / min(R). Sparse columns are pooled into one "rare" column; if that
 * pool is itself still sparse, it joins the smallest remaining column. This keeps the unseen
 * bucket as its own cell whenever it has enough mass to be tested.
 */
export function mergeSparseCells(
  cells: ChiSquareCells,
  minExpected = MIN_EXPECTED,
): { cells: ChiSquareCells; pooled: number } {
  const totalReference = sum(cells.reference);
  const totalCurrent = sum(cells.current);
  const total = totalReference + totalCurrent;
  const threshold = (minExpected * total) / Math.min(totalReference, totalCurrent);
  const kept: ChiSquareCells = { labels: [], reference: [], current: [] };
  const pool = { labels: [] as string[], reference: 0, current: 0 };
  for (let j = 0; j < cells.labels.length; j++) {
    const column = cells.reference[j] + cells.current[j];
    if (column === 0) continue;
    if (column < threshold) {
      pool.labels.push(cells.labels[j]);
      pool.reference += cells.reference[j];
      pool.current += cells.current[j];
    } else {
      kept.labels.push(cells.labels[j]);
      kept.reference.push(cells.reference[j]);
      kept.current.push(cells.current[j]);
    }
  }
  const pooled = pool.labels.length;
  if (pooled === 0) return { cells: kept, pooled };
  const poolLabel = pool.labels.length === 1 ? pool.labels[0] : `${pool.labels.length} rare cells`;
  if (pool.reference + pool.current >= threshold || kept.labels.length === 0) {
    kept.labels.push(poolLabel);
    kept.reference.push(pool.reference);
    kept.current.push(pool.current);
    return { cells: kept, pooled };
  }
  let smallest = 0;
  for (let j = 1; j < kept.labels.length; j++) {
    if (kept.reference[j] + kept.current[j] < kept.reference[smallest] + kept.current[smallest]) smallest = j;
  }
  kept.labels[smallest] = `${kept.labels[smallest]} + ${poolLabel}`;
  kept.reference[smallest] += pool.reference;
  kept.current[smallest] += pool.current;
  return { cells: kept, pooled };
}

export function chiSquareHomogeneity(cells: ChiSquareCells, minExpected = MIN_EXPECTED): ChiSquareResult {
  if (sum(cells.reference) === 0 || sum(cells.current) === 0) {
    return { statistic: 0, df: 0, p: 1, cells, pooled: 0 };
  }
  const merged = mergeSparseCells(cells, minExpected);
  const k = merged.cells.labels.length;
  if (k < 2) return { statistic: 0, df: 0, p: 1, ...merged };
  const statistic = chiSquareStatistic(merged.cells.reference, merged.cells.current);
  return { statistic, df: k - 1, p: chiSquareSf(statistic, k - 1), ...merged };
}

/** X² of a 2 × k table with non-empty rows and columns. */
export function chiSquareStatistic(reference: readonly number[], current: readonly number[]): number {
  const totalReference = sum(reference);
  const totalCurrent = sum(current);
  const total = totalReference + totalCurrent;
  let statistic = 0;
  for (let j = 0; j < reference.length; j++) {
    const column = reference[j] + current[j];
    if (column === 0) continue;
    const expectedReference = (totalReference * column) / total;
    const expectedCurrent = (totalCurrent * column) / total;
    statistic += (reference[j] - expectedReference) ** 2 / expectedReference;
    statistic += (current[j] - expectedCurrent) ** 2 / expectedCurrent;
  }
  return statistic;
}

/** P(χ²_df > x) = Q(df/2, x/2), the regularised upper incomplete gamma function. */
export function chiSquareSf(x: number, df: number): number {
  if (!(x > 0) || df <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
