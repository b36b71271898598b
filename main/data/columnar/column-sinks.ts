import type { DecimalMark } from '../../contract/csv-dialect.js';
import { isMissingToken, numberParser } from '../cell-values.js';
import { ByteDictionary } from './byte-dictionary.js';
import type { TypeMismatches } from './columnar-table.js';

/** How the parser stores a column: numbers as doubles, anything else as dictionary codes. */
export const NUMBER = 0;
export const TEXT = 1;
export type StorageKind = typeof NUMBER | typeof TEXT;

/**
 * The growing typed arrays the parser writes into, one per column, sized from an estimate of
 * the row count and doubled when it was short. Each column keeps only the array its kind uses, so
 * the parser's accesses stay monomorphic.
 */
export class ColumnSinks {
  readonly numbers: (Float64Array | null)[];
  readonly codes: (Int32Array | null)[];
  readonly dictionaries: (ByteDictionary | null)[];
  readonly missing: Int32Array;
  readonly mismatches: TypeMismatches[];
  rows = 0;
  private capacity: number;
  private readonly parseNumber: (text: string) => number;

  constructor(
    readonly kinds: StorageKind[],
    estimatedRows: number,
    decimal: DecimalMark,
  ) {
    this.capacity = Math.max(16, estimatedRows);
    this.numbers = kinds.map((kind) => (kind === NUMBER ? new Float64Array(this.capacity) : null));
    this.codes = kinds.map((kind) => (kind === TEXT ? new Int32Array(this.capacity) : null));
    this.dictionaries = kinds.map((kind) => (kind === TEXT ? new ByteDictionary() : null));
    this.missing = new Int32Array(kinds.length);
    this.mismatches = kinds.map(() => ({ count: 0, first: null }));
    this.parseNumber = numberParser(decimal);
  }

  /** Makes room for one more row. */
  reserve(): void {
    if (this.rows < this.capacity) return;
    this.capacity *= 2;
    for (let c = 0; c < this.kinds.length; c++) {
      const numbers = this.numbers[c];
      if (numbers !== null) {
        const grown = new Float64Array(this.capacity);
        grown.set(numbers);
        this.numbers[c] = grown;
      }
      const codes = this.codes[c];
      if (codes !== null) {
        const grown = new Int32Array(this.capacity);
        grown.set(codes);
        this.codes[c] = grown;
      }
    }
  }

  /** A number cell the fast path could not read: a missing token, a mismatch, or a rarer form (`1e3`, `1.234,5`). */
  numberFromText(column: number, raw: string, line: number): number {
    const text = raw.trim();
    if (isMissingToken(text)) {
      this.missing[column]++;
      return Number.NaN;
    }
    const value = this.parseNumber(text);
    if (Number.isNaN(value)) {
      const mismatches = this.mismatches[column];
      mismatches.count++;
      if (mismatches.first === null) mismatches.first = { row: this.rows + 1, line, text };
    }
    return value;
  }

  /** A category cell's code from its text (quoted or padded cells). */
  codeFromText(column: number, raw: string): number {
    const code = (this.dictionaries[column] as ByteDictionary).codeOf(raw.trim());
    if (code < 0) this.missing[column]++;
    return code;
  }
}
