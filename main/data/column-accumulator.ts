import type { DecimalMark } from '../contract/csv-dialect.js';
import { hasOtherDecimalMark, isMissingToken, parseDecimalComma, parseNumeric } from './cell-values.js';
import { NumberSpill, readSpilledNumbers, type SpilledNumbers } from './number-spill.js';
import { CellProblem } from './segment-parser.js';
import { sortFloat64 } from './sort-numbers.js';

/**
 * What one pass over part of a file learned about one column. Workers send these to the
 * main thread, so the type is plain data (structured-clone friendly).
 */
export type ColumnPartial = {
  missing: number;
  /**
   * Non-missing numbers, sorted ascending; null once the column showed a non-number. With a
   * spill, the numbers kept in memory: none (all are in the spill, unsorted).
   */
  numbers: Float64Array | null;
  /** Where the numbers went when there were too many to keep (see NumberSpill). */
  spilled: SpilledNumbers | null;
  allInteger: boolean;
  /** Distinct non-missing texts and their counts; null while the column looks numeric. */
  counts: Map<string, number> | null;
  /**
   * True when numbers were collected before the first non-number appeared: their original
   * texts are lost, so the column needs another pass read as text.
   */
  lostNumbers: boolean;
};

const INITIAL_CAPACITY = 1024;
/**
 * Numbers a column keeps in memory before they go to its spill file (8 MB of doubles). A
 * million-row file profiled by two workers never reaches it, so it is sorted in the workers as
 * before; beyond, memory stays flat and the numbers are sorted one column at a time at the end.
 */
export const SPILL_VALUES = 1 << 20;

/** How a column's cells are read as numbers. */
export type NumberReading = {
  /** The column's name, for errors. */
  column: string;
  decimal: DecimalMark;
  /**
   * Refuse a cell that is a number only with the other decimal mark (`3.5` among `2,5`s) rather
   * than let it turn the column into text: set where both marks are possible (a separator that
   * is not a comma, or a decimal comma).
   */
  strictMark: boolean;
};

/**
 * Collects one column cell by cell. A column is read as numbers until a non-missing cell is
 * not a number; keeping a text histogram for every numeric column would cost a hash-map
 * update per cell, which is most of the profiling time on wide numeric files.
 */
export class ColumnAccumulator {
  private missing = 0;
  private numbers: Float64Array | null;
  private size = 0;
  private allInteger = true;
  private counts: Map<string, number> | null;
  private lostNumbers = false;
  private spill: NumberSpill | null = null;
  private readonly decimalComma: boolean;

  constructor(
    readAsText: boolean,
    private readonly reading: NumberReading,
    /** Where numbers go beyond SPILL_VALUES; without it they all stay in memory. */
    private readonly spillDir?: string,
  ) {
    this.numbers = readAsText ? null : new Float64Array(INITIAL_CAPACITY);
    this.counts = readAsText ? new Map() : null;
    this.decimalComma = reading.decimal === ',';
  }

  add(raw: string): void {
    const numbers = this.numbers;
    if (numbers !== null) {
      const value = this.decimalComma ? parseDecimalComma(raw) : parseNumeric(raw);
      if (!Number.isNaN(value)) {
        if (this.size === numbers.length) this.makeRoom();
        (this.numbers as Float64Array)[this.size++] = value;
        if (this.allInteger && !Number.isInteger(value)) this.allInteger = false;
        return;
      }
      const text = raw.trim();
      if (isMissingToken(text)) {
        this.missing++;
        return;
      }
      if (this.reading.strictMark) checkDecimalMark(this.reading.column, text, this.reading.decimal);
      if (this.size > 0 || this.spill !== null) this.lostNumbers = true;
      this.spill?.discard();
      this.spill = null;
      this.numbers = null;
      this.size = 0;
      this.counts = new Map();
      this.count(text);
      return;
    }
    const text = raw.trim();
    if (isMissingToken(text)) this.missing++;
    else this.count(text);
  }

  /** Sorts here so that, with several workers, the sorting runs in parallel too. */
  finish(): ColumnPartial {
    const spill = this.spill;
    if (spill !== null && this.numbers !== null) {
      spill.append(this.numbers, this.size);
      spill.close();
    }
    const numbers =
      this.numbers === null
        ? null
        : spill !== null
          ? new Float64Array(0)
          : sortFloat64(this.numbers.slice(0, this.size));
    return {
      missing: this.missing,
      numbers,
      spilled: spill === null ? null : { path: spill.path, count: spill.count },
      allInteger: this.allInteger,
      counts: this.counts,
      lostNumbers: this.lostNumbers,
    };
  }

  private count(text: string): void {
    const counts = this.counts as Map<string, number>;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }

  private makeRoom(): void {
    const numbers = this.numbers as Float64Array;
    if (this.spillDir === undefined || numbers.length < SPILL_VALUES) {
      this.grow();
      return;
    }
    this.spill ??= new NumberSpill(this.spillDir, this.reading.column);
    this.spill.append(numbers, this.size);
    this.size = 0;
  }

  private grow(): void {
    const numbers = this.numbers as Float64Array;
    const next = new Float64Array(numbers.length * 2);
    next.set(numbers);
    this.numbers = next;
  }
}

/**
 * Refuses a cell of a number column that is no number with the file's decimal mark but is one
 * with the other (`3.5` in a decimal-comma file), naming the column; the parser adds the line.
 */
export function checkDecimalMark(column: string, text: string, decimal: DecimalMark): void {
  if (!hasOtherDecimalMark(text, decimal)) return;
  const mark = decimal === ',' ? 'comma' : 'point';
  throw new CellProblem(
    `column "${column}": "${text}" is not a number with a decimal ${mark} ('${decimal}'), the mark this file is read with; correct the value, or give --decimal ${decimal === ',' ? '.' : ','} if the whole file uses the other mark`,
    { column, value: text, decimal },
  );
}

/** A column's partials from all segments, combined; `needsTextPass` when they disagree. */
export type MergedColumn = {
  missing: number;
  numbers: Float64Array | null;
  allInteger: boolean;
  counts: Map<string, number> | null;
  needsTextPass: boolean;
};

/**
 * A column's partials combined. Spilled numbers are read back and sorted here, so a caller that
 * merges and profiles one column at a time holds one column's numbers at a time.
 */
export function mergePartials(partials: ColumnPartial[]): MergedColumn {
  let missing = 0;
  let allInteger = true;
  const numberParts: Float64Array[] = [];
  const spills: SpilledNumbers[] = [];
  const countParts: Map<string, number>[] = [];
  for (const partial of partials) {
    missing += partial.missing;
    allInteger &&= partial.allInteger;
    if (partial.numbers !== null && partial.numbers.length > 0) numberParts.push(partial.numbers);
    if (partial.spilled !== null) spills.push(partial.spilled);
    if (partial.counts !== null) countParts.push(partial.counts);
  }
  if (countParts.some((counts) => counts.size > 0)) {
    return {
      missing,
      numbers: null,
      allInteger: false,
      counts: mergeCounts(countParts),
      needsTextPass: needsTextPass(partials),
    };
  }
  const numbers = spills.length === 0 ? mergeSorted(numberParts) : readAndSort(numberParts, spills);
  return { missing, numbers, allInteger, counts: null, needsTextPass: false };
}

/** True when some part of the file read a column as numbers and another met text in it. */
export function needsTextPass(partials: ColumnPartial[]): boolean {
  const textSeen = partials.some((partial) => partial.counts !== null && partial.counts.size > 0);
  if (!textSeen) return false;
  return partials.some(
    (partial) =>
      partial.lostNumbers ||
      (partial.numbers !== null && partial.numbers.length > 0) ||
      partial.spilled !== null,
  );
}

function readAndSort(parts: Float64Array[], spills: SpilledNumbers[]): Float64Array {
  let total = 0;
  for (const part of parts) total += part.length;
  for (const spill of spills) total += spill.count;
  const all = new Float64Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  for (const spill of spills) at = readSpilledNumbers(spill, all, at);
  return sortFloat64(all);
}

function mergeCounts(parts: Map<string, number>[]): Map<string, number> {
  const [first, ...rest] = parts;
  const merged = new Map(first);
  for (const part of rest) {
    for (const [text, count] of part) merged.set(text, (merged.get(text) ?? 0) + count);
  }
  return merged;
}

/** Merges ascending arrays pairwise; each worker sorted its own share. */
export function mergeSorted(parts: Float64Array[]): Float64Array {
  if (parts.length === 0) return new Float64Array(0);
  let level = parts;
  while (level.length > 1) {
    const next: Float64Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? mergeTwo(level[i], level[i + 1]) : level[i]);
    }
    level = next;
  }
  return level[0];
}

function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
