import type { Table } from '../../data/types.js';
import type { Predictor } from '../../training/index.js';
import { fitLossModels, realisedLoss } from './direct-loss-estimation.js';
import { fitReferenceCbpe } from './reference-cbpe.js';

export type EstimationMethod = 'dle' | 'cbpe';

/**
 * One version's label-free performance estimator, fitted on its held-out reference rows:
 * Direct Loss Estimation (MAE, RMSE) for a regression, CBPE (accuracy, binary also F1) for a
 * classifier. `primary` is the metric attribution ranks columns by; `lowerIsBetter` its sense.
 */
export type LabelFreeEstimator = {
  method: EstimationMethod;
  primary: string;
  lowerIsBetter: boolean;
  referenceRows: number;
  estimate(table: Table, rows?: Uint32Array): Promise<{ rows: number; metrics: Record<string, number> }>;
  /** Metrics against the target where `table` holds it; null without. */
  realised(table: Table, rows?: Uint32Array): Promise<Record<string, number> | null>;
};

export async function fitLabelFreeEstimator(
  predictor: Predictor,
  reference: Table,
  referenceRows: Uint32Array,
): Promise<LabelFreeEstimator> {
  const target = predictor.preprocessing.target;
  if (target.task === 'number') {
    const loss = await fitLossModels(predictor, reference, referenceRows);
    return {
      method: 'dle',
      primary: 'mae',
      lowerIsBetter: true,
      referenceRows: loss.referenceRows,
      async estimate(table, rows) {
        const estimated = await loss.estimate(table, rows);
        return { rows: estimated.rows, metrics: { mae: estimated.mae, rmse: estimated.rmse } };
      },
      async realised(table, rows) {
        const column = table.columns.find((candidate) => candidate.name === target.name);
        if (!column || !(column.values instanceof Float64Array)) return null;
        const values = column.values;
        const actual = rows ? Float64Array.from(rows, (row) => values[row]) : values;
        const predicted = (await predictor.predictColumns(table, rows)) as { values: Float64Array };
        const realised = realisedLoss(actual, predicted.values);
        return realised.rows === 0 ? null : { mae: realised.mae, rmse: realised.rmse };
      },
    };
  }
  const cbpe = await fitReferenceCbpe(predictor, reference, referenceRows);
  return {
    method: 'cbpe',
    primary: 'accuracy',
    lowerIsBetter: false,
    referenceRows: cbpe.referenceRows,
    estimate: (table, rows) => cbpe.estimate(table, rows),
    async realised(table, rows) {
      return (await cbpe.realised(table, rows))?.metrics ?? null;
    },
  };
}
