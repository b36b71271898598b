import { rename, rm } from 'node:fs/promises';
import { tempPathFor } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import { sqlName, sqlString, withDuckDb } from './duckdb.js';

/** The DuckDB types a column of a written Parquet file gets. */
export type ParquetType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ';

/**
 * Writes a comma-separated, decimal-point CSV (with a header, ISO dates) as Parquet, each column
 * of the type `typeOf` gives it, under a temporary name renamed into place: a failure leaves no
 * partial file. Every cell is read as text and cast by us, never sniffed, so a label column of
 * 0s and 1s stays text; a blank cell is NULL.
 */
export async function csvToParquet(
  csvPath: string,
  output: string,
  typeOf: (column: string) => ParquetType,
  options: {
    /**
     * True: a cell that is no value of its type is NULL (a user's CSV passed through, where a
     * missing-value token such as NA was read as missing). False: it fails the write (text we wrote).
     */
    lenient: boolean;
  },
): Promise<void> {
  const cast = options.lenient ? 'TRY_CAST' : 'CAST';
  const temp = tempPathFor(output);
  try {
    await withDuckDb(async (session) => {
      await session.run("SET TimeZone = 'UTC'");
      const read = `read_csv(${sqlString(csvPath)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`;
      const header = (await session.rows(`DESCRIBE SELECT * FROM ${read}`)).map((row) =>
        String(row.column_name),
      );
      const select = header
        .map((name) => {
          const type = typeOf(name);
          return type === 'VARCHAR'
            ? sqlName(name)
            : `${cast}(${sqlName(name)} AS ${type}) AS ${sqlName(name)}`;
        })
        .join(', ');
      await session.run(
        `COPY (SELECT ${select} FROM ${read}) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    });
    await rename(temp, output);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof PodiumError) throw error;
    throw new PodiumError(
      'DATA_INVALID',
      `${output}: could not write it as Parquet (${(error as Error).message.split('\n')[0]}); nothing was written`,
      { file: output },
    );
  }
}

/** The type a column read from a Parquet file gets when it is written back (numbers as DOUBLE). */
export function parquetTypeOf(duckDbType: string): ParquetType {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/.test(duckDbType))
    return 'DOUBLE';
  if (duckDbType === 'DATE') return 'DATE';
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(duckDbType)) return 'TIMESTAMP';
  if (duckDbType === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMPTZ';
  return 'VARCHAR';
}
