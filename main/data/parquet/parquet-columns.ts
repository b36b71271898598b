import { PodiumError } from '../../contract/errors.js';
import { type DuckDbSession, sqlName, sqlString } from './duckdb.js';

/** A Parquet column as DuckDB reads it: its name and DuckDB type (`DOUBLE`, `DECIMAL(9,2)`, …). */
export type ParquetColumn = { name: string; type: string };

/**
 * Flat types Podium reads as numbers, categories or dates. Nested values (lists, structs, maps),
 * raw bytes, times of day and intervals have no place in one CSV cell of a tabular model.
 */
const NUMBER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
const TEXT = /^(VARCHAR|BOOLEAN|UUID|ENUM\(.*\))$/s;
const DATE = /^DATE$/;
const TIMESTAMP = /^TIMESTAMP(_S|_MS|_NS)?$/;
const TIMESTAMP_ZONED = /^TIMESTAMP WITH TIME ZONE$/;

export async function parquetColumns(session: DuckDbSession, file: string): Promise<ParquetColumn[]> {
  const described = await session.rows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
  return described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}

/**
 * The SELECT list that writes every column as the CSV Podium already reads: numbers and text as
 * DuckDB prints them, dates as ISO-8601 (timestamps in UTC with a Z), so the dialect is always
 * comma-separated, decimal point, ISO dates. A column of another type is refused by name.
 */
export function csvSelectList(file: string, columns: readonly ParquetColumn[]): string {
  const unsupported = columns.filter((column) => csvCell(column) === null);
  if (unsupported.length > 0) {
    const named = unsupported.map((column) => `"${column.name}" (${column.type})`).join(', ');
    throw new PodiumError(
      'DATA_INVALID',
      `${file}: column${unsupported.length === 1 ? '' : 's'} ${named} ${unsupported.length === 1 ? 'has a type' : 'have types'} Podium cannot read; it reads numbers, text, booleans, dates and timestamps. Leave ${unsupported.length === 1 ? 'it' : 'them'} out or flatten ${unsupported.length === 1 ? 'it' : 'them'} into plain columns`,
      { file, columns: unsupported.map((column) => column.name), types: unsupported.map((c) => c.type) },
    );
  }
  return columns.map((column) => `${csvCell(column)} AS ${sqlName(column.name)}`).join(', ');
}

function csvCell(column: ParquetColumn): string | null {
  const name = sqlName(column.name);
  if (NUMBER.test(column.type) || TEXT.test(column.type)) return name;
  if (DATE.test(column.type)) return `strftime(${name}, '%Y-%m-%d')`;
  if (TIMESTAMP.test(column.type)) return `strftime(${name}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%g')`;
  // The session's time zone is UTC (see parquet-to-csv.ts): the Z says so to Podium's ISO reader.
  if (TIMESTAMP_ZONED.test(column.type)) return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
  return null;
}
