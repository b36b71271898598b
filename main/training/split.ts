import { createRandom } from '../common/random.js';
import { PodiumError } from '../contract/errors.js';
import type { Table } from '../data/types.js';
import type { SplitConfig } from './types.js';

export type SplitRows = { train: Uint32Array; validation: Uint32Array; test: Uint32Array };

/**
 * The rows a finished model is judged on: its test split, or its validation split when the
 * config keeps no test rows (`podium compare`'s 80/20 train/validation split).
 */
export function heldOutRows(split: SplitRows): Uint32Array {
  return split.test.length > 0 ? split.test : split.validation;
}

/** The metrics on those rows, from a training result. */
export function heldOutMetrics(result: {
  splitSizes: { test: number };
  metrics: { validation: Record<string, number>; test: Record<string, number> };
}): Record<string, number> {
  return result.splitSizes.test > 0 ? result.metrics.test : result.metrics.validation;
}

/**
 * Assigns every row of a table to train, validation or test. The assignment depends only on
 * the row count, the split config, the seed and (for a datetime split) the date column — never
 * on the target or the model — so the same test rows of a dataset can be recomputed later to
 * score a champion and a challenger on one holdout. Each part lists its rows in ascending order.
 *
 * Random: a seeded Fisher–Yates shuffle of 0..n-1 cut at round(n·p_train) and
 * round(n·(p_train + p_validation)). Datetime: rows sorted by date (ties by row number), oldest
 * in train and newest in test; rows without a date cannot be placed in time and go to train.
 */
export function splitRows(table: Table, split: SplitConfig, seed: number): SplitRows {
  const n = table.rowCount;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  if (split.type === 'random') {
    createRandom(seed).shuffle(order);
  } else {
    const column = table.columns.find((candidate) => candidate.name === split.column);
    if (column?.type !== 'date') {
      throw new PodiumError(
        'DATA_INVALID',
        column
          ? `The datetime split column "${split.column}" is a ${column.type} column, not a date column`
          : `The datetime split column "${split.column}" is not in the dataset; columns: ${table.columns.map((c) => c.name).join(', ')}`,
        { key: 'preprocessing.split.column', column: split.column },
      );
    }
    const dates = column.values;
    // NaN dates sort first so they fall into train; equal dates keep row order.
    const key = (row: number) => (Number.isNaN(dates[row]) ? Number.NEGATIVE_INFINITY : dates[row]);
    order.sort((a, b) => key(a) - key(b) || a - b);
  }

  const [pTrain, pValidation] = split.probabilities;
  const trainEnd = Math.round(n * pTrain);
  const validationEnd = Math.min(n, Math.round(n * (pTrain + pValidation)));
  return {
    train: order.slice(0, trainEnd).sort(),
    validation: order.slice(trainEnd, validationEnd).sort(),
    test: order.slice(validationEnd).sort(),
  };
}
