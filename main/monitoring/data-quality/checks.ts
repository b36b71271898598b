import type { DataQualityCheck, DataQualityReference } from '../../contract/index.js';
import { type ChunkPlan, chunkPlan, learnThreshold, percent, type Threshold } from './chunk-thresholds.js';
import { type ColumnCells, countMissing } from './column-cells.js';
import { unseenLabels } from './unseen-labels.js';

/** A training column and the same column of the current data (null: the current data lacks it). */
export type QualityColumn = { reference: ColumnCells; current: ColumnCells | null; usedByModel: boolean };

/** Numbers further than this share of the reference range beyond its min or max are out of range. */
export const OUT_OF_RANGE_MARGIN = 0.05;

/**
 * Threshold widths per check: `minWidth`, the least distance from the chunk mean (a reference
 * that never varied would otherwise alert on a single cell); `floor`, the distance from the
 * training value when the reference is too small for chunks. Type mismatches have neither:
 * training read every cell as its type, so any cell that no longer does is worth a look.
 */
const WIDTHS = {
  missing_rate: { minWidth: 0.01, floor: 0.1 },
  out_of_range: { minWidth: 0.01, floor: 0.05 },
  unseen_category: { minWidth: 0.01, floor: 0.05 },
} as const;

/**
 * The four data-quality checks of every column — missing rate, numbers out of the training range,
 * categories never seen in training, cells that do not read as the column's type — each against
 * a threshold learned from chunks of the training data (chunk-thresholds.ts).
 */
export function dataQualityChecks(
  columns: readonly QualityColumn[],
  referenceRows: number,
  currentRows: number,
): { checks: DataQualityCheck[]; reference: DataQualityReference } {
  const plan = chunkPlan(referenceRows, currentRows);
  const checks: DataQualityCheck[] = [];
  for (const column of columns) {
    checks.push(missingRate(column, plan));
    const { reference, current } = column;
    if (current === null) continue;
    // Cells that read as the column's type; the mismatches were not empty either.
    const readable = current.rows - countMissing(current);
    if (reference.kind === 'number' && readable > 0) {
      const check = outOfRange(column, plan);
      if (check) checks.push(check);
    }
    if (reference.kind === 'category' && readable > 0) {
      const check = unseenCategory(column, plan);
      if (check) checks.push(check);
    }
    // Any text reads as a label, so only number and date columns can hold cells of the wrong type.
    if (current.mismatches !== null && reference.kind !== 'category') {
      checks.push(typeMismatch(column, readable + current.mismatches));
    }
  }
  const { starts: _starts, ...reference } = plan;
  return { checks, reference };
}

function missingRate(column: QualityColumn, plan: ChunkPlan): DataQualityCheck {
  const { reference, current } = column;
  const missing = missingFlags(reference);
  const chunkValues = plan.starts.map((start) => {
    let count = 0;
    for (let i = start; i < start + plan.chunkRows; i++) count += missing[i];
    return count / plan.chunkRows;
  });
  const whole = reference.rows > 0 ? missing.reduce((sum, flag) => sum + flag, 0) / reference.rows : 0;
  const threshold = learnThreshold(chunkValues, plan.chunkRows, whole, WIDTHS.missing_rate, true);
  if (current === null) {
    return verdict(
      column,
      'missing_rate',
      1,
      threshold,
      'the column is absent from the current data, so every row misses it',
    );
  }
  const empty = countMissing(current) - (current.mismatches ?? 0);
  const value = current.rows > 0 ? empty / current.rows : 0;
  return verdict(
    column,
    'missing_rate',
    value,
    threshold,
    `${percent(value)} of ${current.rows} current rows are empty`,
  );
}

function outOfRange(column: QualityColumn, plan: ChunkPlan): DataQualityCheck | null {
  const values = column.reference.numbers;
  const cells = column.current;
  const current = cells?.numbers;
  if (!values || !cells || !current) return null;
  const whole = rangeOf(values, 0, values.length);
  if (whole === null) return null;
  // Each chunk against the range of the others: how often data of this size leaves a range it did not help set.
  const chunkRanges = plan.starts.map((start) => rangeOf(values, start, start + plan.chunkRows));
  const end = plan.starts.length * plan.chunkRows;
  const rest = rangeOf(values, end, values.length);
  const k = chunkRanges.length;
  const before: (Range | null)[] = [null];
  for (let i = 0; i < k; i++) before.push(widen(before[i], chunkRanges[i]));
  const after: (Range | null)[] = new Array(k + 1).fill(null);
  after[k] = rest;
  for (let i = k - 1; i >= 0; i--) after[i] = widen(after[i + 1], chunkRanges[i]);
  const chunkValues: number[] = [];
  chunkRanges.forEach((own, i) => {
    const others = widen(before[i], after[i + 1]);
    if (own === null || others === null) return;
    const start = plan.starts[i];
    const stop = start + plan.chunkRows;
    const filled = plan.chunkRows - missingIn(values, start, stop);
    chunkValues.push(share(outsideCount(values, start, stop, others), filled));
  });
  const threshold = learnThreshold(chunkValues, plan.chunkRows, 0, WIDTHS.out_of_range, false);
  // The reader counted the missing cells: one pass over the current values, with no test for NaN.
  const filled = current.length - countMissing(cells);
  const value = share(outsideCount(current, 0, current.length, whole), filled);
  const margin = OUT_OF_RANGE_MARGIN * (whole.max - whole.min);
  return verdict(
    column,
    'out_of_range',
    value,
    threshold,
    `${percent(value)} of current values lie outside the training range [${whole.min}, ${whole.max}] widened by ${OUT_OF_RANGE_MARGIN * 100}% of its width (${Number(margin.toPrecision(4))})`,
  );
}

function unseenCategory(column: QualityColumn, plan: ChunkPlan): DataQualityCheck | null {
  const { reference, current } = column;
  if (!reference.codes || !reference.dictionary || !current?.codes || !current.dictionary) return null;
  const codes = reference.codes;
  const totals = new Float64Array(reference.dictionary.length);
  for (const code of codes) if (code >= 0) totals[code]++;
  // Each chunk against the others: values whose every training occurrence is in this chunk are new to the rest.
  const inChunk = new Float64Array(reference.dictionary.length);
  const chunkValues: number[] = [];
  for (const start of plan.starts) {
    const end = start + plan.chunkRows;
    let filled = 0;
    for (let i = start; i < end; i++) {
      if (codes[i] < 0) continue;
      inChunk[codes[i]]++;
      filled++;
    }
    let unseen = 0;
    for (let i = start; i < end; i++) {
      const code = codes[i];
      if (code >= 0 && inChunk[code] === totals[code]) unseen++;
    }
    for (let i = start; i < end; i++) if (codes[i] >= 0) inChunk[codes[i]] = 0;
    if (filled > 0) chunkValues.push(unseen / filled);
  }
  const known = new Set(reference.dictionary.filter((_, code) => totals[code] > 0));
  const { filled, unseen, examples } = unseenLabels(current.codes, current.dictionary, known);
  const value = unseen / filled;
  const threshold = learnThreshold(chunkValues, plan.chunkRows, 0, WIDTHS.unseen_category, false);
  const named = examples.length > 0 ? ` (e.g. ${examples.map((e) => `"${e}"`).join(', ')})` : '';
  return verdict(
    column,
    'unseen_category',
    value,
    threshold,
    `${percent(value)} of current values are categories never seen in training${named}`,
  );
}

function typeMismatch(column: QualityColumn, filled: number): DataQualityCheck {
  const mismatches = column.current?.mismatches ?? 0;
  const value = filled > 0 ? mismatches / filled : 0;
  const kind = `a ${column.reference.kind}`;
  return verdict(
    column,
    'type_mismatch',
    value,
    { upper: 0, basis: `training read every cell of the column as ${kind}, so the threshold is 0` },
    `${mismatches} of ${filled} filled current cells (${percent(value)}) do not read as ${kind}`,
  );
}

function verdict(
  column: QualityColumn,
  check: DataQualityCheck['check'],
  value: number,
  threshold: Threshold,
  measured: string,
): DataQualityCheck {
  const above = value > threshold.upper;
  const below = threshold.lower !== undefined && value < threshold.lower;
  const bounds =
    threshold.lower === undefined
      ? `≤ ${percent(threshold.upper)}`
      : `in [${percent(threshold.lower)}, ${percent(threshold.upper)}]`;
  const outcome = above || below ? `not ${bounds}` : bounds;
  return {
    column: column.reference.name,
    check,
    status: above || below ? 'alert' : 'ok',
    value,
    threshold: threshold.upper,
    ...(threshold.lower !== undefined ? { thresholdLower: threshold.lower } : {}),
    usedByModel: column.usedByModel,
    reason: `${measured}: ${outcome}; threshold: ${threshold.basis}.`,
  };
}

type Range = { min: number; max: number };

function rangeOf(values: Float64Array, start: number, end: number): Range | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const value = values[i];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : null;
}

function widen(range: Range | null, other: Range | null): Range | null {
  if (range === null) return other;
  if (other === null) return range;
  return { min: Math.min(range.min, other.min), max: Math.max(range.max, other.max) };
}

/** Values beyond the range widened by its margin; a missing value (NaN) compares false both ways and is never counted. */
function outsideCount(values: Float64Array, start: number, end: number, range: Range): number {
  const margin = OUT_OF_RANGE_MARGIN * (range.max - range.min);
  const low = range.min - margin;
  const high = range.max + margin;
  let outside = 0;
  for (let i = start; i < end; i++) {
    const value = values[i];
    if (value < low || value > high) outside++;
  }
  return outside;
}

function missingIn(values: Float64Array, start: number, end: number): number {
  let missing = 0;
  for (let i = start; i < end; i++) if (Number.isNaN(values[i])) missing++;
  return missing;
}

function share(count: number, filled: number): number {
  return filled > 0 ? count / filled : 0;
}

function missingFlags(cells: ColumnCells): Uint8Array {
  const flags = new Uint8Array(cells.rows);
  const { numbers, codes } = cells;
  for (let i = 0; i < cells.rows; i++) {
    if (numbers ? Number.isNaN(numbers[i]) : codes ? codes[i] < 0 : true) flags[i] = 1;
  }
  return flags;
}
