import type { DriftColumn } from '../drift/index.js';
import { columnLength } from '../drift/reference.js';
import { sampleRowIndices } from '../prediction-sample.js';

/**
 * Current rows checked at most: a uniform sample, the same size as the reference sample, so a
 * million-row file costs what a five-thousand-row one does (sampling error of the AUC about
 * ±0.01, far below what drift worth flagging moves it).
 */
export const CURRENT_SAMPLE_ROWS = 5000;
/** Fixed, so the same file gives the same report. */
export const MULTIVARIATE_SEED = 4_099;

/**
 * The only part of the current data the multivariate checks read: the seeded sample of its rows,
 * column by column, and how many rows there were. Small enough (5,000 rows) to hand to another
 * thread, so the checks can run beside the per-column statistics of a large file.
 */
export type CurrentSample = { rows: number; columns: DriftColumn[] };

export function currentSample(current: readonly DriftColumn[]): CurrentSample {
  const rows = current.length === 0 ? 0 : columnLength(current[0]);
  const picked = sampleRowIndices(rows, CURRENT_SAMPLE_ROWS, MULTIVARIATE_SEED);
  return { rows, columns: current.map((column) => sampledColumn(column, picked)) };
}

/** Buffers to move, not copy, when the sample is posted to another thread. */
export function sampleBuffers(sample: CurrentSample): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const { values } of sample.columns) {
    if (values instanceof Float64Array) buffers.push(values.buffer as ArrayBuffer);
    else if ('codes' in values) buffers.push(values.codes.buffer as ArrayBuffer);
  }
  return buffers;
}

function sampledColumn(column: DriftColumn, rows: Uint32Array): DriftColumn {
  const values = column.values;
  const base = { name: column.name, kind: column.kind };
  if (values instanceof Float64Array)
    return { ...base, values: Float64Array.from(rows, (row) => values[row]) };
  if ('codes' in values) {
    // Only the labels the sample uses: an ID-like column's dictionary can hold a million.
    const recoded = new Map<number, number>();
    const dictionary: string[] = [];
    const codes = Int32Array.from(rows, (row) => {
      const code = values.codes[row];
      if (code < 0) return -1;
      let next = recoded.get(code);
      if (next === undefined) {
        next = dictionary.push(values.dictionary[code]) - 1;
        recoded.set(code, next);
      }
      return next;
    });
    return { ...base, values: { codes, dictionary } };
  }
  return { ...base, values: Array.from(rows, (row) => values[row]) };
}
