import { PodiumError } from '../contract/errors.js';
import type { Column, Table } from '../data/types.js';

/**
 * Reading one cell of any column as a number or as a label, so preprocessing works whether a
 * column arrives typed as it was at training time or (from another dataset or from records)
 * typed a little differently: an integer column read as a category, a 0/1 column as binary.
 */
export function findColumn(table: Table, name: string, role: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (!column) {
    const names = table.columns.map((candidate) => candidate.name);
    throw new PodiumError(
      'DATA_INVALID',
      `The ${role} "${name}" is not a column of the data; columns: ${names.join(', ')}`,
      { field: name, columns: names },
    );
  }
  return column;
}

/** The cell as a number; NaN when missing or not numeric. */
export function numberAt(column: Column, row: number): number {
  switch (column.type) {
    case 'category':
    case 'text':
    case 'id': {
      const text = column.values[row];
      if (text === null || text.trim() === '') return Number.NaN;
      return Number(text);
    }
    default:
      return column.values[row];
  }
}

/** The cell as a label; null when missing. Numbers print as JavaScript prints them ("3", "2.5"). */
export function labelAt(column: Column, row: number): string | null {
  switch (column.type) {
    case 'category':
    case 'text':
    case 'id':
      return column.values[row];
    case 'binary': {
      const value = column.values[row];
      return Number.isNaN(value) ? null : column.levels[value === 0 ? 0 : 1];
    }
    case 'date': {
      const value = column.values[row];
      return Number.isNaN(value) ? null : new Date(value).toISOString();
    }
    default: {
      const value = column.values[row];
      return Number.isNaN(value) ? null : String(value);
    }
  }
}

export function isPresent(column: Column, row: number): boolean {
  const value = column.values[row];
  return typeof value === 'number' ? !Number.isNaN(value) : value !== null;
}

/** Label order: numerically when both labels are numbers, else by code point (locale-free). */
export function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** All rows 0..n-1, for callers that encode a whole table. */
export function allRows(table: Table): Uint32Array {
  const rows = new Uint32Array(table.rowCount);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return rows;
}

/** The rows among `rows` whose `columnName` cell is present (a target can only teach where known). */
export function rowsWithValue(table: Table, columnName: string, rows: Uint32Array): Uint32Array {
  const column = findColumn(table, columnName, 'target');
  return rows.filter((row) => isPresent(column, row));
}
