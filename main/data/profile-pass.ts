import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PodiumError } from '../contract/errors.js';
import { type MergedColumn, mergePartials, needsTextPass } from './column-accumulator.js';
import type { CsvReading } from './csv-dialect.js';
import { CsvSegmenter } from './csv-segmenter.js';
import { createInlineProfiler, createWorkerProfiler, type ProfilerPool } from './profiler-pool.js';
import { CsvProblemError } from './segment-parser.js';
import type { ProfilerSetup } from './segment-profiler.js';

export type PassOptions = {
  /** Name used in error messages. */
  label: string;
  /** When set, the bytes read are also written here (the file must not exist yet). */
  copyTo?: string;
  /** The file's separator and decimal mark. */
  reading: CsvReading;
  readAsText: number[];
  /** Worker threads; 0 or 1 profiles on the calling thread. */
  workers: number;
  /** Called once with the header, before any data row is profiled; may throw. */
  onHeader: (names: string[], line: number) => void;
  signal?: AbortSignal;
  /** Called after each chunk read with the bytes read so far. */
  onBytesRead?: (bytes: number) => void;
  /**
   * An existing folder for the numbers of large files, read back column by column when the
   * result is asked for them; the caller removes it. Without it every number stays in memory.
   */
  spillDir?: string;
};

export type PassResult = {
  header: string[];
  headerLine: number;
  rows: number;
  /** Columns read as numbers in one part of the file and holding text in another. */
  mixed: number[];
  /**
   * Column `c` merged from every part of the file. Not kept: numbers set aside on disk are
   * read back and sorted at each call, so profiling column by column holds one at a time.
   */
  column(c: number): MergedColumn;
  /** SHA-256 of the bytes read (only when copying). */
  sha256: string | null;
  bytes: number;
};

const CHUNK_BYTES = 1 << 20;
/** Below this size starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 8 << 20;
const MAX_WORKERS = 4;

export function defaultWorkerCount(fileBytes: number): number {
  if (fileBytes < PARALLEL_MIN_BYTES) return 0;
  return Math.min(availableParallelism(), MAX_WORKERS);
}

/**
 * One streaming read of a CSV: hashes and copies the bytes, cuts them into segments and has
 * them profiled, so the file is read once however much is learned from it.
 */
export async function runProfilePass(filePath: string, options: PassOptions): Promise<PassResult> {
  const segmenter = new CsvSegmenter(options.label, options.reading.delimiter);
  const hash = options.copyTo === undefined ? null : createHash('sha256');
  const stream = createReadStream(filePath, { highWaterMark: CHUNK_BYTES });
  let copy: FileHandle | null = null;
  // A holder rather than a `let`, which TypeScript would narrow to null across the closure.
  const started: { pool: ProfilerPool | null } = { pool: null };
  let bytes = 0;
  const poolFor = (): ProfilerPool => {
    if (started.pool !== null) return started.pool;
    const header = segmenter.header as string[];
    options.onHeader(header, segmenter.headerLine);
    const setup: ProfilerSetup = {
      columnNames: header,
      readAsText: options.readAsText,
      delimiter: options.reading.delimiter,
      decimal: options.reading.decimal,
      spillDir: options.spillDir,
    };
    started.pool =
      options.workers > 1 ? createWorkerProfiler(setup, options.workers) : createInlineProfiler(setup);
    return started.pool;
  };
  try {
    if (options.copyTo !== undefined) copy = await open(options.copyTo, 'wx');
    reading: for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) {
        throw new PodiumError('CANCELLED', `Reading ${options.label} was cancelled`, { file: options.label });
      }
      bytes += chunk.length;
      options.onBytesRead?.(bytes);
      hash?.update(chunk);
      if (copy !== null) await writeAll(copy, chunk);
      const segments = segmenter.push(chunk);
      if (segmenter.header !== null) poolFor();
      for (const segment of segments) {
        const active = poolFor();
        await active.submit(segment);
        if (active.stopRequested) break reading;
      }
    }
    if (started.pool === null || !started.pool.stopRequested) {
      const last = segmenter.end();
      for (const segment of last) await poolFor().submit(segment);
    }
    const results = await poolFor().finish();
    if (copy !== null) await copy.close();
    copy = null;
    const header = segmenter.header as string[];
    const partials = (c: number) => results.map((result) => result.columns[c]);
    return {
      header,
      headerLine: segmenter.headerLine,
      rows: results.reduce((sum, result) => sum + result.rows, 0),
      mixed: header.flatMap((_, c) => (needsTextPass(partials(c)) ? [c] : [])),
      column: (c) => mergePartials(partials(c)),
      sha256: hash === null ? null : hash.digest('hex'),
      bytes,
    };
  } catch (error) {
    stream.destroy();
    await started.pool?.destroy();
    await copy?.close();
    if (error instanceof CsvProblemError) {
      const { line, reason, details } = error.problem;
      throw new PodiumError('CSV_INVALID', `${options.label}, line ${line}: ${reason}`, {
        file: options.label,
        line,
        ...details,
      });
    }
    if (isFileError(error)) {
      throw new PodiumError('NOT_FOUND', `cannot read ${options.label}: ${error.message}`, {
        file: options.label,
      });
    }
    throw error;
  }
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR');
}
