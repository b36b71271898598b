import { createRandom } from '../common/random.js';
import { type ColumnarTable, MS_PER_DAY } from '../data/columnar/index.js';
import { createColumnBuilder, type Table } from '../data/index.js';
import { kolmogorovSf } from './drift/index.js';

/**
 * Prediction drift compares the distribution of the model's outputs, not each row's output, so a
 * uniform random sample of rows answers it within a bound that depends only on the sample's size
 * (the issue allows this for drift, never for `podium predict`). At 10,000 rows the sample's
 * output distribution is within ±0.0136 of the whole file's everywhere (DKW, 95%). The test's power
 * is bounded by the reference, which holds the predictions on the training holdout (about 1,500
 * rows for a 10,000-row training file): against it the KS statistic must exceed 0.0376 with a
 * 10,000-row sample and 0.0351 with a million rows, so scoring every row would buy a 7% smaller
 * detectable shift at a hundred times the cost.
 */
export const PREDICTION_SAMPLE_ROWS = 10_000;
/** Fixed, so the same file gives the same report. */
export const PREDICTION_SAMPLE_SEED = 20_161;
export const PREDICTION_SAMPLE_CONFIDENCE = 0.95;

export type PredictionSample = {
  /** Rows scored, of `of` rows read. */
  rows: number;
  of: number;
  seed: number;
  confidence: number;
  /**
   * Dvoretzky–Kiefer–Wolfowitz: with this confidence, the sample's output CDF is within this
   * distance of the whole file's everywhere; 0 when every row was scored.
   */
  dkwBound: number;
  /** The two-sample KS statistic above which the sample differs from the reference at this confidence. */
  ksCritical: number | null;
};

/** Row numbers of a uniform sample without replacement, ascending; every row when there are few. */
export function sampleRowIndices(rows: number, size: number, seed: number): Uint32Array {
  if (rows <= size) return Uint32Array.from({ length: rows }, (_, i) => i);
  // Floyd's algorithm: `size` draws, each a new row, uniform over all subsets of that size.
  const random = createRandom(seed);
  const chosen = new Set<number>();
  for (let j = rows - size; j < rows; j++) {
    const pick = random.int(j + 1);
    chosen.add(chosen.has(pick) ? j : pick);
  }
  return Uint32Array.from(chosen).sort();
}

/** The sampled rows as a Table typed by the file's profile, as `loadTable` would have read them. */
export function sampledTable(table: ColumnarTable, rows: Uint32Array): Table {
  const columns = table.columns.map((column, c) => {
    const builder = createColumnBuilder(table.profile.columns[c], rows.length);
    for (const row of rows) {
      if (column.kind === 'number') builder.addValue(column.values[row]);
      else if (column.kind === 'date') builder.addValue(Math.round(column.days[row] * MS_PER_DAY));
      else {
        const code = column.codes[row];
        builder.addValue(code < 0 ? undefined : column.dictionary[code]);
      }
    }
    return builder.build(rows.length);
  });
  return { rowCount: rows.length, columns };
}

/** What the sample allows, for the report. */
export function predictionSample(rows: number, of: number, referenceRows: number | null): PredictionSample {
  const alpha = 1 - PREDICTION_SAMPLE_CONFIDENCE;
  const dkwBound = rows >= of ? 0 : Math.sqrt(Math.log(2 / alpha) / (2 * rows));
  return {
    rows,
    of,
    seed: PREDICTION_SAMPLE_SEED,
    confidence: PREDICTION_SAMPLE_CONFIDENCE,
    dkwBound,
    ksCritical:
      referenceRows === null || referenceRows === 0
        ? null
        : ksCriticalValue(alpha) * Math.sqrt((rows + referenceRows) / (rows * referenceRows)),
  };
}

/** c(α) of the asymptotic two-sample KS test: Q_KS(c) = α, by bisection on the Kolmogorov tail. */
function ksCriticalValue(alpha: number): number {
  let low = 0.1;
  let high = 5;
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (kolmogorovSf(middle) > alpha) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
