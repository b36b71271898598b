import type { ColumnProfile, DatasetProfile } from '../types.js';

/**
 * A table read straight from a file's bytes into typed arrays, column by column: what every
 * heavy step (drift, profile, scoring a sample) reads instead of parsing the text again.
 *
 * Missing values are NaN in number and date columns and code −1 in category columns. A cell that
 * does not read as its column's type (text deep in a number column) is a type mismatch: it is
 * counted, its first line kept, and its value is missing, so one bad cell in a million rows is
 * reported rather than fatal and does not turn the whole column into text.
 */
export type TypeMismatches = {
  count: number;
  /** The first cell that did not read: its data row (1-based), physical line where known, text. */
  first: { row: number; line: number | null; text: string } | null;
};

export type NumberColumn = {
  kind: 'number';
  name: string;
  values: Float64Array;
  /**
   * The values that are present, ascending: sorted once for the profile, reused by statistics.
   * Absent for tables of more than SORTED_KEPT_MAX_ROWS rows, whose sorted copies of every number
   * column would double the memory they take: there a statistic sorts one column at a time.
   */
  sorted?: Float64Array;
  missing: number;
  mismatches: TypeMismatches;
};

export type CategoryColumn = {
  kind: 'category';
  name: string;
  /** Index into `dictionary`, −1 where the cell is missing. */
  codes: Int32Array;
  /** The distinct trimmed texts, in order of first appearance. */
  dictionary: string[];
  missing: number;
  mismatches: TypeMismatches;
};

export type DateColumn = {
  kind: 'date';
  name: string;
  /** Days since 1970-01-01 UTC (fractional where the cell has a time of day), NaN where missing. */
  days: Float64Array;
  /** The texts the days were read from, as a category column holds them. */
  codes: Int32Array;
  dictionary: string[];
  missing: number;
  mismatches: TypeMismatches;
};

export type TypedColumn = NumberColumn | CategoryColumn | DateColumn;

export type ColumnarTable = {
  /** The file the table was read from, for messages. */
  file: string;
  rowCount: number;
  columns: TypedColumn[];
  /** The file's profile, computed from the columns, typed by the same rules ingest uses. */
  profile: DatasetProfile;
};

export const MS_PER_DAY = 86_400_000;

/**
 * Rows up to which each number column keeps its sorted copy (2,000,000 rows: 16 MB a column).
 * A 10,000,000-row file of ten number columns would otherwise hold 800 MB of copies beside its
 * 800 MB of values.
 */
export const SORTED_KEPT_MAX_ROWS = 2_000_000;

/** Whether a row holds a value (1) or is missing or a type mismatch (0), one bit per row, LSB first. */
export function validityBitmap(column: TypedColumn): Uint8Array {
  const rows = column.kind === 'number' ? column.values.length : column.codes.length;
  const bits = new Uint8Array(Math.ceil(rows / 8));
  if (column.kind === 'number') {
    const values = column.values;
    for (let i = 0; i < rows; i++) if (!Number.isNaN(values[i])) bits[i >> 3] |= 1 << (i & 7);
  } else if (column.kind === 'date') {
    const days = column.days;
    for (let i = 0; i < rows; i++) if (!Number.isNaN(days[i])) bits[i >> 3] |= 1 << (i & 7);
  } else {
    const codes = column.codes;
    for (let i = 0; i < rows; i++) if (codes[i] >= 0) bits[i >> 3] |= 1 << (i & 7);
  }
  return bits;
}

/** The profile entry of a column of the table. */
export function profileOf(table: ColumnarTable, column: TypedColumn): ColumnProfile {
  return table.profile.columns[table.columns.indexOf(column)];
}
