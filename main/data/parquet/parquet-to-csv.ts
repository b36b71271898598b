import { rm } from 'node:fs/promises';
import { PodiumError } from '../../contract/errors.js';
import { parquetReadError, sqlString, withDuckDb } from './duckdb.js';
import { csvSelectList, type ParquetColumn, parquetColumns } from './parquet-columns.js';

/**
 * Writes a Parquet file as the CSV dialect Podium already ingests (comma, decimal point, ISO
 * dates, a header), in the file's own row order, so every later step reads it exactly as it reads
 * a CSV. DuckDB keeps insertion order by default; the conversion never sorts or parallelises it away.
 * On any error `csvPath` is removed and the error names the Parquet file (and column).
 */
export async function parquetToCsv(
  file: string,
  csvPath: string,
): Promise<{ rows: number; columns: ParquetColumn[] }> {
  try {
    return await withDuckDb(async (session) => {
      await session.run("SET TimeZone = 'UTC'");
      await session.run('SET preserve_insertion_order = true');
      const columns = await parquetColumns(session, file).catch((error: unknown) => {
        throw parquetReadError(file, error);
      });
      if (columns.length === 0)
        throw new PodiumError('DATA_INVALID', `${file}: the Parquet file has no columns`, { file });
      const select = `SELECT ${csvSelectList(file, columns)} FROM read_parquet(${sqlString(file)})`;
      const copied = await session
        .rows(`COPY (${select}) TO ${sqlString(csvPath)} (FORMAT csv, HEADER, DELIMITER ',')`)
        .catch((error: unknown) => {
          throw parquetReadError(file, error);
        });
      return { rows: Number(copied[0]?.Count ?? 0), columns };
    });
  } catch (error) {
    await rm(csvPath, { force: true });
    throw error;
  }
}
