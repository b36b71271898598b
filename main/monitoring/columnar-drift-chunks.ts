import { PodiumError } from '../contract/errors.js';
import type { ColumnarTable, TypedColumn } from '../data/columnar/index.js';
import {
  type ChunkedDrift,
  type DriftColumn,
  type DriftOptions,
  type DriftPeriod,
  detectDriftByPeriod,
  type ReferenceDistribution,
} from './drift/index.js';

/** How a drift check groups a file's rows into periods (`podium drift --by --every`, or the config). */
export type DriftChunkingRequest = { by: string; every: DriftPeriod; minRows?: number };

/** Values of a column shown in an error, so the user sees what the column holds. */
const SHOWN_VALUES = 5;

/**
 * Drift per period of a file read into columns, grouped by the date column `by`. The column must
 * be one the reader typed as dates; anything else is refused with what it holds, since grouping
 * numbers or words by day would be a guess.
 */
export function columnarDriftChunks(
  table: ColumnarTable,
  columns: readonly DriftColumn[],
  reference: ReferenceDistribution,
  request: DriftChunkingRequest,
  options: Partial<DriftOptions>,
): ChunkedDrift {
  const dates = dateColumn(table, request.by);
  return detectDriftByPeriod(
    reference,
    columns,
    { name: dates.name, days: dates.days },
    { every: request.every, minRows: request.minRows },
    options,
  );
}

function dateColumn(table: ColumnarTable, by: string): Extract<TypedColumn, { kind: 'date' }> {
  const column = table.columns.find((c) => c.name === by);
  if (!column) {
    const names = table.columns.map((c) => c.name);
    throw new PodiumError(
      'DATA_INVALID',
      `Cannot group ${table.file} by ${by}: there is no such column (the columns are ${names.join(', ')})`,
      { column: by, file: table.file, columns: names },
    );
  }
  if (column.kind === 'date') return column;
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
