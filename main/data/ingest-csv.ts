import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { byteProgress } from '../common/byte-progress.js';
import { pathExists, tempPathFor, userFileSize, writeFileAtomic } from '../common/files.js';
import { asStorageFull } from '../common/storage-full.js';
import type { TaskProgress } from '../common/worker-task/index.js';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { buildColumnProfile } from './column-profile.js';
import { type CsvReading, dateFormatsOf, ownFormat, sampleDialect } from './csv-dialect.js';
import type { DateFormat } from './date-formats.js';
import { validateHeader } from './header.js';
import { defaultWorkerCount, type PassResult, runProfilePass } from './profile-pass.js';
import type { DatasetProfile, DatasetSnapshot } from './types.js';

export type IngestOptions = {
  /** Where snapshots live: `<datasetsDir>/<sha256>.csv` and `<sha256>.profile.json`. */
  datasetsDir: string;
  /** Column the models will predict; must exist and hold more than one value. */
  target?: string;
  /** Name to remember the file by; defaults to the file's base name. */
  sourceName?: string;
  /** Worker threads for profiling; by default chosen from the file size and the CPU count. */
  workers?: number;
  /** Date formats by column, instead of inferring them; every value must parse. */
  dateFormats?: Record<string, DateFormat>;
  /** Separator, decimal mark and date formats the user gave, instead of detecting them. */
  dialect?: CsvDialectOptions;
  /**
   * Date formats by column of the model's earlier data: they decide a date column whose values
   * read as two formats (every day ≤ 12), which is refused otherwise.
   */
  fallbackDateFormats?: Record<string, DateFormat>;
  /** Aborting stops the read at the next chunk with CANCELLED, leaving nothing behind. */
  signal?: AbortSignal;
  /** The read's progress, step `read` in bytes of the file, a few times a second at most. */
  onProgress?: (progress: TaskProgress) => void;
};

/**
 * Validates, profiles and stores a CSV as an immutable snapshot named by its content hash,
 * in one streaming read. The bytes are copied to a temporary file while they are parsed, and
 * only a file that passed every check is renamed into place; on any error nothing is left.
 * This runs on the calling thread: code that answers users calls `ingestCsv` (ingest-off-thread.ts).
 */
export async function ingestCsvInThread(filePath: string, options: IngestOptions): Promise<DatasetSnapshot> {
  const datasetsDir = resolve(options.datasetsDir);
  const fileBytes = await userFileSize(filePath);
  await mkdir(datasetsDir, { recursive: true });
  const workers = options.workers ?? defaultWorkerCount(fileBytes);
  const { delimiter, decimal } = await sampleDialect(filePath, options.dialect);
  const reading: CsvReading = { delimiter, decimal };
  const tempCopy = tempPathFor(join(datasetsDir, 'snapshot.csv'));
  // Beside the copy, so a crash leaves it where start-up clean-up looks for leftovers.
  const spillDir = tempPathFor(join(datasetsDir, 'numbers'));
  let profilePath: string | null = null;
  try {
    await mkdir(spillDir);
    const onHeader = (names: string[], line: number): void =>
      validateHeader(filePath, names, line, options.target);
    let pass = await runProfilePass(filePath, {
      label: filePath,
      copyTo: tempCopy,
      reading,
      readAsText: [],
      workers,
      onHeader,
      signal: options.signal,
      onBytesRead: byteProgress(fileBytes, options.onProgress),
      spillDir,
    });
    const id = pass.sha256 as string;
    const bytes = pass.bytes;
    const mixed = pass.mixed;
    if (mixed.length > 0) {
      // Rare: a column read as numbers met text late in the file. Read the copy again with
      // those columns as text, rather than keep every numeric cell's text on the first pass.
      pass = await runProfilePass(tempCopy, {
        label: filePath,
        reading,
        readAsText: mixed,
        workers,
        onHeader: () => {},
        signal: options.signal,
        spillDir,
      });
    }
    const profile = toProfile(pass, filePath, options, decimal);
    checkRows(filePath, pass);
    if (options.target !== undefined) checkTarget(filePath, profile, options.target);

    const snapshotPath = join(datasetsDir, `${id}.csv`);
    const candidateProfilePath = join(datasetsDir, `${id}.profile.json`);
    const profileExisted = await pathExists(candidateProfilePath);
    // The profile goes first: whoever finds `<id>.csv` may rely on its profile being there.
    await writeFileAtomic(candidateProfilePath, `${JSON.stringify(profile, null, 2)}\n`);
    if (!profileExisted) profilePath = candidateProfilePath;
    if (await pathExists(snapshotPath)) await rm(tempCopy, { force: true });
    else await rename(tempCopy, snapshotPath);
    const dialect = { ...reading, dateFormats: dateFormatsOf(profile) };
    return {
      id,
      path: snapshotPath,
      sourceName: options.sourceName ?? basename(filePath),
      bytes,
      profile,
      dialect,
    };
  } catch (error) {
    await rm(tempCopy, { force: true });
    if (profilePath !== null) await rm(profilePath, { force: true });
    throw asStorageFull(error, datasetsDir, `the snapshot of ${filePath}`);
  } finally {
    await rm(spillDir, { recursive: true, force: true });
  }
}

function toProfile(
  pass: PassResult,
  file: string,
  options: IngestOptions,
  decimal: CsvReading['decimal'],
): DatasetProfile {
  const dateFormats = { ...options.dialect?.dateFormats, ...options.dateFormats };
  const unknown = Object.keys(dateFormats).filter((name) => !pass.header.includes(name));
  if (unknown.length > 0) {
    throw new PodiumError(
      'DATA_INVALID',
      `${file}: a date format was given for ${unknown.map((name) => `"${name}"`).join(', ')}, which is not a column; columns: ${pass.header.join(', ')}`,
      { file, columns: pass.header, unknown },
    );
  }
  return {
    rows: pass.rows,
    columns: pass.header.map((name, c) =>
      buildColumnProfile(
        name,
        pass.column(c),
        {
          file,
          given: ownFormat(dateFormats, name),
          preferred: options.dialect?.dateFormat,
          fallback: ownFormat(options.fallbackDateFormats, name),
        },
        decimal,
      ),
    ),
  };
}

function checkRows(file: string, pass: PassResult): void {
  if (pass.rows > 0) return;
  const line = pass.headerLine + 1;
  throw new PodiumError('CSV_INVALID', `${file}, line ${line}: the file has a header but no data rows`, {
    file,
    line,
  });
}

export function checkTarget(file: string, profile: DatasetProfile, target: string): void {
  const column = profile.columns.find((candidate) => candidate.name === target);
  if (column === undefined || column.distinct > 1) return;
  const value =
    column.categorical?.top[0]?.value ?? (column.numeric ? String(column.numeric.min) : undefined);
  const reason =
    column.distinct === 0
      ? 'has no values'
      : `has the same value${value === undefined ? '' : ` "${value}"`} in every row`;
  throw new PodiumError(
    'CSV_INVALID',
    `${file}, column "${target}": the target ${reason}; a model needs at least two outcomes to learn from`,
    { file, column: target, distinct: column.distinct },
  );
}
