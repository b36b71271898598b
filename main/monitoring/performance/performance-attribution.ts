import { createRandom } from '../../common/random.js';
import type { Column, Table } from '../../data/types.js';
import type { LabelFreeEstimator } from './label-free-estimator.js';

/**
 * Which drifted column moves the estimated performance: each input column in turn is reset to
 * its reference distribution (its values redrawn from the reference rows, the other columns
 * left as they are) and the performance estimated again. `estimatedChange` is the estimate on
 * the current data minus the estimate with the column reset, in the metric's units: for MAE a
 * positive change means the column's shift costs accuracy; for accuracy, a negative one. Columns
 * are ranked by the size of the change. Redrawing breaks the column's link to the others, so
 * columns that moved together share their effect unevenly — a ranking, not a decomposition.
 */
export type ColumnAttribution = {
  column: string;
  metric: string;
  /** Estimate on the current data, minus the estimate with this column reset to the reference. */
  estimatedChange: number;
  /** The estimate with this column reset. */
  estimatedWithReference: number;
};

export const ATTRIBUTION_SEED = 7_919;

function redrawn(current: Column, reference: Column, from: Uint32Array, rows: number, seed: number): Column {
  const random = createRandom(seed);
  const pick = () => from[random.int(from.length)];
  if (reference.values instanceof Float64Array) {
    const values = reference.values;
    return { ...current, values: Float64Array.from({ length: rows }, () => values[pick()]) } as Column;
  }
  const values = reference.values;
  return { ...current, values: Array.from({ length: rows }, () => values[pick()]) } as Column;
}

export async function attributePerformance(
  estimator: LabelFreeEstimator,
  current: Table,
  reference: Table,
  referenceRows: Uint32Array,
  columns: readonly string[],
): Promise<ColumnAttribution[]> {
  const metric = estimator.primary;
  const base = (await estimator.estimate(current)).metrics[metric];
  const out: ColumnAttribution[] = [];
  for (const [index, name] of columns.entries()) {
    const c = current.columns.findIndex((column) => column.name === name);
    const referenceColumn = reference.columns.find((column) => column.name === name);
    if (c < 0 || !referenceColumn) continue;
    const reset: Table = {
      rowCount: current.rowCount,
      columns: current.columns.map((column, k) =>
        k === c
          ? redrawn(column, referenceColumn, referenceRows, current.rowCount, ATTRIBUTION_SEED + index)
          : column,
      ),
    };
    const withReference = (await estimator.estimate(reset)).metrics[metric];
    out.push({
      column: name,
      metric,
      estimatedChange: base - withReference,
      estimatedWithReference: withReference,
    });
  }
  return out.sort((a, b) => Math.abs(b.estimatedChange) - Math.abs(a.estimatedChange));
}
