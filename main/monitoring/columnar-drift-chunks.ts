import { PodiumError } from '../contract/errors.js';
import { type ColumnarTable, MS_PER_DAY, type TypedColumn } from '../data/columnar/index.js';
import { nearDateFormat, parseDate } from '../data/index.js';
import type { DriftPeriod } from './drift/index.js';

/** How a drift check groups a file's rows into periods (`podium drift --by --every`, or the config). */
export type DriftChunkingRequest = { by: string; every: DriftPeriod; minRows?: number };

/** Values of a column shown in an error, so the user sees what the column holds. */
const SHOWN_VALUES = 5;

/**
 * The days of the column `by`, read before anything is scored. A column the reader typed as dates
 * is taken as it is. One that is almost all dates (a few cells such as "unknown" made the reader
 * keep it as text) is read in the format most of it has: the cells that do not read are rows
 * without a date, counted in the report, rather than a whole file refused over a few bad cells.
 * Anything else is refused with what it holds, since grouping numbers or words by day would be a
 * guess.
 */
export function dateDays(table: ColumnarTable, by: string): Float64Array {
  const column = table.columns.find((c) => c.name === by);
  if (!column) {
    const names = table.columns.map((c) => c.name);
    throw new PodiumError(
      'DATA_INVALID',
      `Cannot group ${table.file} by ${by}: there is no such column (the columns are ${names.join(', ')})`,
      { column: by, file: table.file, columns: names },
    );
  }
  if (column.kind === 'date') return column.days;
  if (column.kind === 'category') {
    const near = nearDateFormat(column.dictionary);
    if (near !== null) {
      const dayOf = column.dictionary.map((text) => parseDate(text, near.format) / MS_PER_DAY);
      return Float64Array.from(column.codes, (code) => (code < 0 ? Number.NaN : dayOf[code]));
    }
  }
  const seen = valuesSeen(column);
  throw new PodiumError(
    'DATA_INVALID',
    `Cannot group ${table.file} by ${by}: it is not a date column (it reads as ${column.kind === 'number' ? 'numbers' : 'text'}; values seen: ${seen.join(', ')}). Group by a column of dates such as 2024-03-05 or 2024-03-05T10:00:00Z`,
    { column: by, file: table.file, kind: column.kind, valuesSeen: seen },
  );
}

/** The first few distinct values of a column, as written (categories) or as read (numbers). */
function valuesSeen(column: TypedColumn): string[] {
  if (column.kind !== 'number') return column.dictionary.slice(0, SHOWN_VALUES).map((text) => `"${text}"`);
  const seen = new Set<number>();
  for (const value of column.values) {
    if (Number.isNaN(value)) continue;
    seen.add(value);
    if (seen.size === SHOWN_VALUES) break;
  }
  return [...seen].map(String);
}
