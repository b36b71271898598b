import type { DataQualityReference } from '../../contract/index.js';

/**
 * Thresholds learned from the training data the way NannyML learns them: split the reference
 * into contiguous chunks, compute the metric on each, and put the thresholds at mean ± 3σ of the
 * chunk values. The chunks are as large as the current data (so a chunk's value varies as much as
 * the current value would by chance alone) but at most a tenth of the reference, so there are
 * always at least MIN_CHUNKS of them; a larger current sample varies less than a chunk, which
 * only makes the thresholds conservative. With fewer than MIN_CHUNKS reference rows there is no
 * spread to learn, and floors stand in (method `floor`).
 */
export const MIN_CHUNKS = 10;

export type ChunkPlan = DataQualityReference & { starts: number[] };

export function chunkPlan(referenceRows: number, currentRows: number): ChunkPlan {
  const chunkRows = Math.min(Math.max(1, currentRows), Math.floor(referenceRows / MIN_CHUNKS));
  if (chunkRows < 1) {
    return { rows: referenceRows, chunks: 0, chunkRows: 0, method: 'floor', starts: [] };
  }
  const chunks = Math.floor(referenceRows / chunkRows);
  const starts = Array.from({ length: chunks }, (_, i) => i * chunkRows);
  return { rows: referenceRows, chunks, chunkRows, method: 'chunks', starts };
}

export type Threshold = { upper: number; lower?: number; basis: string };

/**
 * mean ± 3σ of the chunk values (their sample standard deviation, but at least the binomial σ
 * of a share over `chunkRows` rows), never closer to the mean than
 * `minWidth` — a reference that never varied (σ = 0) would otherwise alert on one cell in a
 * million. Without chunks: the whole reference's value ± `floor`. Shares live in [0, 1], so a
 * bound outside it is dropped (a lower bound at or below 0 cannot be crossed).
 */
export function learnThreshold(
  chunkValues: readonly number[],
  chunkRows: number,
  wholeValue: number,
  widths: { minWidth: number; floor: number },
  twoSided: boolean,
): Threshold {
  if (chunkValues.length < 2) {
    const upper = Math.min(1, wholeValue + widths.floor);
    const lower = wholeValue - widths.floor;
    return {
      upper,
      ...(twoSided && lower > 0 ? { lower } : {}),
      basis: `training value ${percent(wholeValue)} ± floor ${percent(widths.floor)} (too few training rows for chunks)`,
    };
  }
  const n = chunkValues.length;
  const mean = chunkValues.reduce((sum, value) => sum + value, 0) / n;
  const observed = Math.sqrt(chunkValues.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  // A share over a chunk of r rows varies at least binomially, √(p(1−p)/r); ten chunks can
  // happen to agree more closely than that, and a σ estimated too small raises false alarms.
  const binomial = chunkRows > 0 ? Math.sqrt((mean * (1 - mean)) / chunkRows) : 0;
  const sigma = Math.max(observed, binomial);
  const spread = Math.max(3 * sigma, widths.minWidth);
  const upper = Math.min(1, mean + spread);
  const lower = mean - spread;
  const widened = 3 * sigma < widths.minWidth ? `, widened to the floor ±${percent(widths.minWidth)}` : '';
  const sigmaText =
    binomial > observed ? `σ ${percent(sigma)}, the binomial √(p(1−p)/${chunkRows})` : `σ ${percent(sigma)}`;
  return {
    upper,
    ...(twoSided && lower > 0 ? { lower } : {}),
    basis: `mean ${percent(mean)} ± 3σ (${sigmaText}) over ${n} training chunks of ${chunkRows} rows${widened}`,
  };
}

export function percent(share: number): string {
  const value = share * 100;
  if (value !== 0 && Math.abs(value) < 0.01) return `${value.toExponential(1)}%`;
  return `${Number(value.toFixed(2))}%`;
}
