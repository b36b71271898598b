import { type ColumnarTable, codedNumbers, MS_PER_DAY, type TypedColumn } from '../../data/columnar/index.js';
import type { ColumnProfile, Table } from '../../data/types.js';

/** How a training column's cells are compared: as numbers, as category labels, or as dates (days). */
export type CellKind = 'number' | 'category' | 'date';

/**
 * One column of either side, whichever reader read it (typed columns of a file, or a Table of a
 * stored snapshot or of live requests), in the form the data-quality checks and the every-column
 * drift read: numbers (dates as days since 1970, UTC) with NaN where a cell is empty or did not
 * read, or dictionary codes (−1 where empty or did not read).
 */
export type ColumnCells = {
  name: string;
  kind: CellKind;
  rows: number;
  numbers?: Float64Array;
  codes?: Int32Array;
  dictionary?: readonly string[];
  /**
   * Cells that held a value that did not read as the column's training type (they are also NaN or
   * −1 above); null when the reader cannot tell (a Table's cells were typed by its own profile).
   */
  mismatches: number | null;
  /**
   * The rows counted above as NaN or −1 (empty cells and cells that did not read), when the reader
   * already counted them; absent, `countMissing` counts them. A million-row column is then not
   * walked again just to learn what the parse knew.
   */
  missing?: number;
};

/** The kind training gave a column: numbers and integers as numbers, dates as dates, the rest as labels. */
export function cellKindOf(profile: ColumnProfile): CellKind {
  if (profile.type === 'numeric' || profile.type === 'integer') return 'number';
  if (profile.type === 'date') return 'date';
  return 'category';
}

/** A column of a Table (loadTable or tableFromRecords), as cells; `null` when the table lacks it. */
export function tableCells(table: Table, name: string): ColumnCells | null {
  const column = table.columns.find((c) => c.name === name);
  if (!column) return null;
  const rows = table.rowCount;
  if (column.type === 'numeric' || column.type === 'integer') {
    return { name, kind: 'number', rows, numbers: column.values, mismatches: null };
  }
  if (column.type === 'date') {
    return {
      name,
      kind: 'date',
      rows,
      numbers: column.values.map((ms) => ms / MS_PER_DAY),
      mismatches: null,
    };
  }
  if (column.type === 'binary') {
    const codes = Int32Array.from(column.values, (value) => (Number.isNaN(value) ? -1 : value));
    return { name, kind: 'category', rows, codes, dictionary: column.levels, mismatches: null };
  }
  return {
    name,
    kind: 'category',
    rows,
    ...codedTexts(column.values as (string | null)[]),
    mismatches: null,
  };
}

/** A column of a file read into typed columns, as cells; `null` when the file lacks it. */
export function columnarCells(table: ColumnarTable, name: string): ColumnCells | null {
  const column: TypedColumn | undefined = table.columns.find((c) => c.name === name);
  if (!column) return null;
  const rows = table.rowCount;
  const mismatches = column.mismatches.count;
  // The reader counts empty cells as `missing` and unreadable ones as mismatches, and leaves both NaN.
  const missing = column.missing + mismatches;
  if (column.kind === 'number') {
    return { name, kind: 'number', rows, numbers: column.values, mismatches, missing };
  }
  if (column.kind === 'date') return { name, kind: 'date', rows, numbers: column.days, mismatches, missing };
  // Every text reads as a label: a category column's −1 codes are its empty cells alone.
  return {
    name,
    kind: 'category',
    rows,
    codes: column.codes,
    dictionary: column.dictionary,
    mismatches,
    missing: column.missing,
  };
}

const labelled = new WeakMap<ColumnCells, ColumnCells>();

/**
 * The current cells read as training read the column. Numbers become labels (`String(value)`,
 * as the drift columns label integer-coded categories); a date's texts become labels. Where the
 * current data holds text in a column training read as numbers or dates, every filled cell is a
 * type mismatch: the column no longer reads as its type at all.
 */
export function asTrainingKind(cells: ColumnCells, kind: CellKind): ColumnCells {
  if (cells.kind === kind) return cells;
  if (kind === 'category') {
    if (cells.codes && cells.dictionary) {
      // The count went with the numbers (a date's unreadable texts have codes): counted again.
      return { ...cells, kind, numbers: undefined, missing: undefined };
    }
    // The every-column drift and the data-quality checks both ask for the same column's labels.
    const known = labelled.get(cells);
    if (known) return known;
    const coded: ColumnCells = {
      ...cells,
      kind,
      ...codedNumbers(cells.numbers ?? new Float64Array(cells.rows)),
    };
    labelled.set(cells, coded);
    return coded;
  }
  const filled = cells.rows - countMissing(cells);
  return {
    name: cells.name,
    kind,
    rows: cells.rows,
    numbers: new Float64Array(cells.rows).fill(Number.NaN),
    mismatches: (cells.mismatches ?? 0) + filled,
    missing: cells.rows,
  };
}

/** Rows with no value: empty cells and cells that did not read. */
export function countMissing(cells: ColumnCells): number {
  if (cells.missing !== undefined) return cells.missing;
  let missing = 0;
  const { numbers, codes } = cells;
  if (numbers) {
    for (let i = 0; i < numbers.length; i++) if (Number.isNaN(numbers[i])) missing++;
  } else if (codes) {
    for (let i = 0; i < codes.length; i++) if (codes[i] < 0) missing++;
  }
  return missing;
}

/** The label of each row (null where missing), for building a reference from training cells. */
export function cellLabels(cells: ColumnCells): (string | null)[] {
  const { codes, dictionary } = cells;
  if (!codes || !dictionary) return Array.from({ length: cells.rows }, () => null);
  return Array.from(codes, (code) => (code < 0 ? null : dictionary[code]));
}

function codedTexts(values: readonly (string | null)[]): { codes: Int32Array; dictionary: string[] } {
  const codes = new Int32Array(values.length);
  const codeOf = new Map<string, number>();
  const dictionary: string[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) {
      codes[i] = -1;
      return;
    }
    let code = codeOf.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      codeOf.set(value, code);
    }
    codes[i] = code;
  });
  return { codes, dictionary };
}
