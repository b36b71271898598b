import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sha256File, tempPathFor } from '../../common/files.js';
import type { CsvDialectOptions } from '../../contract/csv-dialect.js';
import { PodiumError } from '../../contract/errors.js';
import type { ParquetColumn } from './parquet-columns.js';
import { parquetToCsv } from './parquet-to-csv.js';

/** A data file is Parquet when its name says so; anything else is read as CSV. */
export function isParquetFile(file: string): boolean {
  return extname(file).toLowerCase() === '.parquet';
}

/** What a Parquet input was read as: the CSV beside it and the Parquet file's own hash for lineage. */
export type ParquetInput = { csv: string; sha256: string; columns: ParquetColumn[] };

/**
 * Runs `read` on the CSV a data file is read as: the file itself, or for a Parquet file a CSV
 * written from it into `tempDir` (Podium's own dialect, see parquet-to-csv.ts) and removed after
 * `read` whatever happens. Errors that name the temporary CSV name the Parquet file instead.
 */
export async function withCsvOf<T>(
  file: string,
  tempDir: string,
  read: (csv: string, parquet: ParquetInput | null) => Promise<T>,
): Promise<T> {
  if (!isParquetFile(file)) return read(file, null);
  await mkdir(tempDir, { recursive: true });
  const csv = tempPathFor(join(tempDir, 'parquet-input.csv'));
  try {
    const sha256 = await sha256File(file).catch(() => {
      throw new PodiumError('NOT_FOUND', `File ${file} does not exist`, { file });
    });
    const { columns } = await parquetToCsv(file, csv);
    return await read(csv, { csv, sha256, columns });
  } catch (error) {
    throw naming(error, csv, file);
  } finally {
    await rm(csv, { force: true });
  }
}

/**
 * The id a data file's snapshot has (or would have): the SHA-256 of its bytes, or for a Parquet
 * file of the CSV it converts to, which is what a snapshot of it stores. Converting costs one
 * read of the Parquet file; the conversion is deterministic, so the same file gives the same id.
 */
export async function snapshotIdOf(file: string, tempDir: string): Promise<string> {
  return withCsvOf(file, tempDir, (csv) => sha256File(csv));
}

/**
 * The CSV options (separator, decimal mark, date formats) make no sense for a Parquet file:
 * refused, so a user who meant them for another file learns it.
 */
export function checkNoCsvDialect(file: string, dialect: CsvDialectOptions | undefined): void {
  if (!isParquetFile(file) || dialect === undefined) return;
  const given = Object.keys(dialect).filter((key) => dialect[key as keyof CsvDialectOptions] !== undefined);
  if (given.length === 0) return;
  throw new PodiumError(
    'USAGE',
    `${file} is a Parquet file: its columns carry their types, so --delimiter, --decimal and --date-format do not apply; leave them out`,
    { file, options: given },
  );
}

function naming(error: unknown, csv: string, file: string): unknown {
  if (!(error instanceof PodiumError) || !error.message.includes(csv)) return error;
  const details = error.details
    ? (JSON.parse(JSON.stringify(error.details).replaceAll(csv, file)) as typeof error.details)
    : undefined;
  return new PodiumError(error.code, error.message.replaceAll(csv, file), details ?? undefined);
}
