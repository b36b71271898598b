import { withDuckDb } from '../../main/data/index.js';

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Writes `csv` as Parquet the way an analyst's tool would: DuckDB's own type detection. */
export function parquetFromCsv(csv: string, parquet: string): Promise<void> {
  return withDuckDb((session) =>
    session.run(`COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT parquet)`),
  );
}

/** Writes the result of `select` (a SELECT statement) as Parquet. */
export function parquetFromQuery(select: string, parquet: string): Promise<void> {
  return withDuckDb((session) => session.run(`COPY (${select}) TO ${literal(parquet)} (FORMAT parquet)`));
}

/** A Parquet file's column types and rows, as plain JS values (dates as Date, numbers as number). */
export function readParquet(
  parquet: string,
): Promise<{ types: Record<string, string>; rows: Record<string, unknown>[] }> {
  return withDuckDb(async (session) => {
    const described = await session.rows(`DESCRIBE SELECT * FROM read_parquet(${literal(parquet)})`);
    return {
      types: Object.fromEntries(described.map((row) => [String(row.column_name), String(row.column_type)])),
      rows: await session.rows(`SELECT * FROM read_parquet(${literal(parquet)})`),
    };
  });
}
