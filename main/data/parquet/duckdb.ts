import { PodiumError } from '../../contract/errors.js';

/** The few calls of a DuckDB connection that Parquet in and out needs. */
export type DuckDbSession = {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
};

/**
 * Runs `work` with an in-memory DuckDB, opened for this one piece of work and closed after it.
 * The module is imported here, on first use, so commands that never touch a Parquet file do not
 * pay the second or so its native library takes to load.
 */
export async function withDuckDb<T>(work: (session: DuckDbSession) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    return await work({
      run: async (sql) => {
        await connection.run(sql);
      },
      rows: async (sql) =>
        (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A path as a SQL string literal (DuckDB's COPY takes no parameter for its file name). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A column name as a SQL identifier, whatever characters it holds. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * DuckDB's refusal of a file as a PodiumError naming the file: its messages ("No magic bytes
 * found at end of file", "Invalid Input Error: ...") are kept as the reason, never its stack.
 */
export function parquetReadError(file: string, error: unknown): PodiumError {
  if (error instanceof PodiumError) return error;
  const reason = (error instanceof Error ? error.message : String(error))
    .replace(/^[A-Za-z ]+Error: /, '')
    .split('\n')[0]
    .replaceAll(` '${file}'`, '');
  return new PodiumError(
    'DATA_INVALID',
    `${file}: not a readable Parquet file (${reason}); write it again or give a CSV`,
    { file },
  );
}
