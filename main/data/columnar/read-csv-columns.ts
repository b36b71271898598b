import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { userFileSize } from '../../common/files.js';
import type { CsvDialectOptions } from '../../contract/csv-dialect.js';
import { PodiumError } from '../../contract/errors.js';
import { checkDecimalMark } from '../column-accumulator.js';
import { type CsvReading, ownFormat, sampleDialect } from '../csv-dialect.js';
import { type CsvSegment, CsvSegmenter, scanForCut } from '../csv-segmenter.js';
import type { DateFormat } from '../date-formats.js';
import { validateHeader } from '../header.js';
import { CellProblem } from '../segment-parser.js';
import { SortScratch } from '../sort-numbers.js';
import { planColumns } from './column-plan.js';
import { ColumnSinks } from './column-sinks.js';
import type { ColumnarTable, TypedColumn } from './columnar-table.js';
import { finishColumn } from './finish-columns.js';
import { parseSegmentColumns } from './segment-columns.js';

export type ReadColumnsOptions = {
  /** Separator, decimal mark and date formats the user gave, instead of detecting them. */
  dialect?: CsvDialectOptions;
  /**
   * Columns the model was trained on as numbers: a few cells there that are no number are
   * counted as type mismatches instead of turning the column into text (column-plan.ts).
   */
  expectedNumbers?: ReadonlySet<string>;
  /** Date formats of the model's earlier data: they decide a column whose dates read two ways. */
  fallbackDateFormats?: Record<string, DateFormat>;
  /** Also write the bytes read here (a snapshot's copy), so the copy is exactly what was hashed and parsed. */
  copyTo?: string;
  /**
   * Refuse a number column's cell that is a number only with the other decimal mark (`3.5` among
   * `2,5`s), where both marks are possible, as ingest does; a drift check counts it a mismatch.
   */
  strictDecimalMark?: boolean;
  /**
   * Ingest's rule: one cell that is no number makes a column text. The reader stores a number
   * column from its first rows, so such a file is refused with `MixedNumberColumns` instead, and
   * the caller reads it the other way; a drift check counts those cells as mismatches.
   */
  textOnMismatch?: boolean;
  /** Column the models will predict: the header must name it (checked as ingest checks it). */
  target?: string;
  signal?: AbortSignal;
  onBytesRead?: (bytes: number) => void;
};

export type ColumnsRead = {
  table: ColumnarTable;
  /** SHA-256 hex of the file's bytes: the snapshot id. */
  sha256: string;
  bytes: number;
  reading: CsvReading;
};

/** Big reads: fewer, larger segments keep the per-segment costs (UTF-8 check, carry) small. */
const CHUNK_BYTES = 4 << 20;

/**
 * Reads a CSV once, streaming, into typed columns and their profile: the dialect as ingest
 * detects it (`sampleDialect`), records cut by the segmenter (true line numbers, UTF-8 checked,
 * BOM and leading blank lines skipped), the header checked as ingest checks it, cells parsed from
 * bytes (segment-columns.ts), types decided on whole columns (finish-columns.ts). One thread: the
 * caller runs it in a worker, and on a 2-core machine a second parse thread cost more than it
 * saved (bench/columnar-probe.md).
 */
export async function readCsvColumns(file: string, options: ReadColumnsOptions = {}): Promise<ColumnsRead> {
  const fileBytes = await userFileSize(file);
  const { delimiter, decimal } = await sampleDialect(file, options.dialect);
  const reading: CsvReading = { delimiter, decimal };
  const shape = {
    file,
    width: 0,
    delimiter: delimiter.charCodeAt(0),
    decimal: decimal.charCodeAt(0),
  };
  const segmenter = new CsvSegmenter(file, delimiter);
  const hash = createHash('sha256');
  let copy: FileHandle | null = null;
  let sinks: ColumnSinks | null = null;
  let bytes = 0;
  const parse = (segments: CsvSegment[]): void => {
    for (const segment of segments) {
      if (sinks === null) {
        const header = segmenter.header as string[];
        validateHeader(file, header, segmenter.headerLine, options.target);
        const strict = options.strictDecimalMark === true && (delimiter !== ',' || decimal !== '.');
        const plan = planColumns(segment.bytes, header, reading, options.expectedNumbers, strict);
        shape.width = header.length;
        sinks = new ColumnSinks(plan.kinds, Math.ceil((fileBytes / plan.bytesPerRow) * 1.02), decimal);
      }
      parseSegmentColumns(segment, shape, sinks);
    }
  };
  const handle = await open(file, 'r');
  try {
    if (options.copyTo !== undefined) copy = await open(options.copyTo, 'wx');
    // Each read lands after the previous one's unfinished record, and only whole records go to
    // the segmenter: it then never has to join a carried tail to a chunk (a copy of every byte).
    let tail = Buffer.alloc(0);
    // Whether the tail ends inside a quoted field: only the new bytes are scanned for a cut, so a
    // record longer than many chunks (a huge text field) is not rescanned from its start each time.
    let tailInQuotes = false;
    for (;;) {
      if (options.signal?.aborted) throw new PodiumError('CANCELLED', `Reading ${file} was cancelled`);
      const buffer = Buffer.allocUnsafe(tail.length + CHUNK_BYTES);
      tail.copy(buffer, 0);
      const { bytesRead } = await handle.read(buffer, tail.length, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(tail.length, tail.length + bytesRead);
      hash.update(chunk);
      if (copy !== null) await writeAll(copy, chunk);
      bytes += bytesRead;
      const filled = buffer.subarray(0, tail.length + bytesRead);
      const scan = scanForCut(chunk, tailInQuotes);
      const cut = scan.cut === 0 ? 0 : tail.length + scan.cut;
      tailInQuotes = scan.endInQuotes;
      tail = filled.subarray(cut);
      if (cut > 0) parse(segmenter.push(filled.subarray(0, cut)));
      options.onBytesRead?.(bytes);
    }
    if (tail.length > 0) parse(segmenter.push(tail));
    parse(segmenter.end());
  } finally {
    await handle.close();
    await copy?.close();
  }
  const header = segmenter.header ?? [];
  const filled = sinks as ColumnSinks | null;
  if (filled === null || filled.rows === 0) {
    const line = segmenter.headerLine + 1;
    throw new PodiumError('CSV_INVALID', `${file}, line ${line}: the file has a header but no data rows`, {
      file,
      line,
    });
  }
  const table = finishTable(file, header, filled, reading, options);
  return { table, sha256: hash.digest('hex'), bytes, reading };
}

function finishTable(
  file: string,
  header: string[],
  sinks: ColumnSinks,
  reading: CsvReading,
  options: ReadColumnsOptions,
): ColumnarTable {
  const dateFormats = options.dialect?.dateFormats;
  const unknown = Object.keys(dateFormats ?? {}).filter((name) => !header.includes(name));
  if (unknown.length > 0) {
    throw new PodiumError(
      'DATA_INVALID',
      `${file}: a date format was given for ${unknown.map((name) => `"${name}"`).join(', ')}, which is not a column; columns: ${header.join(', ')}`,
      { file, columns: header, unknown },
    );
  }
  if (options.strictDecimalMark && (reading.delimiter !== ',' || reading.decimal !== '.')) {
    checkDecimalMarks(file, header, sinks, reading);
  }
  if (options.textOnMismatch && sinks.mismatches.some((mismatches) => mismatches.count > 0)) {
    throw new MixedNumberColumns(file);
  }
  const columns: TypedColumn[] = [];
  // One radix buffer for every number column: fresh megabytes cost more to touch than to sort.
  const scratch = new SortScratch();
  const profiles = header.map((name, c) => {
    const finished = finishColumn(
      name,
      c,
      sinks,
      {
        file,
        given: ownFormat(dateFormats, name),
        preferred: options.dialect?.dateFormat,
        fallback: ownFormat(options.fallbackDateFormats, name),
      },
      reading.decimal,
      scratch,
    );
    columns.push(finished.column);
    return finished.profile;
  });
  return { file, rowCount: sinks.rows, columns, profile: { rows: sinks.rows, columns: profiles } };
}

/**
 * The first cell of a number column that did not read as a number (the old ingest's first
 * non-number too, which ended the column's numbers): refused when the other decimal mark reads it.
 */
function checkDecimalMarks(file: string, header: string[], sinks: ColumnSinks, reading: CsvReading): void {
  for (let c = 0; c < header.length; c++) {
    const first = sinks.mismatches[c].first;
    if (first === null) continue;
    try {
      checkDecimalMark(header[c], first.text, reading.decimal);
    } catch (error) {
      if (!(error instanceof CellProblem)) throw error;
      const line = first.line ?? first.row + 1;
      throw new PodiumError('CSV_INVALID', `${file}, line ${line}: ${error.reason}`, {
        file,
        line,
        ...error.details,
      });
    }
  }
}

/** A column stored as numbers met a cell that is no number, under `textOnMismatch`. */
export class MixedNumberColumns extends Error {
  constructor(file: string) {
    super(`${file}: a number column holds a cell that is no number`);
    this.name = 'MixedNumberColumns';
  }
}

/**
 * Every byte of `bytes`: a write may be short at a size limit or a full disk, and only the next
 * one fails (EFBIG, ENOSPC), so a copy is never silently cut.
 */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw Object.assign(new Error('no room to write the copy'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}
