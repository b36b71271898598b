import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { asStorageFull } from '../common/storage-full.js';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
// The data room's CSV reader (segmenter, segment parser, column builders): reusing it gives
// batch prediction the same cell parsing and the same true physical line numbers as ingest.
import {
  CsvProblemError,
  type CsvReading,
  CsvSegmenter,
  checkDecimalMark,
  createColumnBuilder,
  dateFormatsOf,
  isMissingToken,
  numberParser,
  ownFormat,
  parseSegment,
  recordStartLine,
  sampleDialect,
  sampledDateFormats,
} from '../data/index.js';
import type { ColumnProfile, Table } from '../data/types.js';
import { refusalMessage, refusedCells } from '../features/index.js';
import type { Predictor } from '../training/index.js';
import { csvLines } from './csv-lines.js';
import { MODEL_VERSION_COLUMN, PREDICTION_COLUMN, PROBABILITY_PREFIX } from './prediction-columns.js';
import { rawLineRanges } from './raw-lines.js';

export { MODEL_VERSION_COLUMN, PREDICTION_COLUMN, PROBABILITY_PREFIX };

export type WriteInput = {
  input: string;
  temp: string;
  /** The file `temp` becomes, named when the disk fills up. */
  output?: string;
  label: string;
  chunkRows: number;
  totalBytes: number;
  /** How the input is written, where the user said so; otherwise detected. */
  dialect?: CsvDialectOptions;
  /** Separator and decimal mark of the output; by default the input's. */
  outputDialect?: Partial<CsvReading>;
  onProgress?: (progress: { step: 'predict'; current: number; total: number }) => void;
  /** Checked between chunks: a cancelled batch stops with CANCELLED. */
  signal?: AbortSignal;
  /** Write the rows the model can read and leave out the others, instead of refusing the file. */
  skipBadRows?: boolean;
};

/** A row left out (or that refused the file): its physical line and why. */
export type RefusedRow = { line: number; field: string; message: string };

export type Written = {
  rows: number;
  sha256: string;
  /** Rows left out with skipBadRows (0 otherwise: any such row refuses the file). */
  skipped: number;
  /** The first of them. */
  refused: RefusedRow[];
};

/** Refused rows named in an error or a result; the rest are counted. */
const REFUSED_EXAMPLES = 5;

type Segment = ReturnType<CsvSegmenter['push']>[number];

/**
 * Streams the input CSV through the predictor in chunks into `temp`: the input's columns plus
 * the prediction, per-class probabilities and the model version; hashed as it is written.
 * Cells are read as training read them: a blank one is missing and filled, but a cell training
 * would refuse (a date that does not parse, text in a number column) refuses its row. Refused
 * rows refuse the file (DATA_INVALID with their count and first lines), or with `skipBadRows`
 * are left out of the output and counted. The input's dialect is detected (or given); its dates
 * are read as the training data's were where the file cannot tell; the output is written in the
 * input's dialect unless told otherwise.
 */
export async function writePredictions(predictor: Predictor, options: WriteInput): Promise<Written> {
  const given = options.dialect ?? {};
  const sampled = await sampleDialect(options.input, given);
  const reading: CsvReading = { delimiter: sampled.delimiter, decimal: sampled.decimal };
  const output: CsvReading = { ...reading, ...options.outputDialect };
  const training = predictor.preprocessing.columns;
  const dateFormats = {
    ...sampledDateFormats(sampled, options.input, given, dateFormatsOf({ rows: 0, columns: training })),
    ...given.dateFormats,
  };
  const columns = training.map((column) => readDatesIn(column, ownFormat(dateFormats, column.name)));
  // The refusal checks read the input's own date formats, so their messages name what it holds.
  const pre = { ...predictor.preprocessing, columns };
  const classes = predictor.task === 'number' ? [] : (predictor.signature.output.classes ?? []);
  const lines = csvLines(output.delimiter);
  const formatNumber = numberFormatter(output.decimal, lines.field);
  const convertCell = cellConverter(reading, output);
  const hash = createHash('sha256');
  const sink = createWriteStream(options.temp);
  let sinkError: Error | null = null;
  const closed = new Promise<void>((resolve, reject) => {
    sink.once('close', resolve);
    sink.once('error', (error) => {
      sinkError = error;
      reject(error);
    });
  });
  closed.catch(() => {});
  // The output is hashed as it is written, so it is never read back. A chunk's rows are one
  // write: a write per row costs more than formatting the row.
  const write = async (bytes: Buffer): Promise<void> => {
    if (sinkError) throw sinkError;
    hash.update(bytes);
    if (!sink.write(bytes)) await Promise.race([once(sink, 'drain'), closed]);
  };
  const delimiter = output.delimiter;
  const classFields = classes.map((name) => lines.field(name));
  const labelBytes = Buffer.from(`${delimiter}${lines.field(options.label)}\n`);
  const segmenter = new CsvSegmenter(options.input, reading.delimiter);
  const source = createReadStream(options.input, { highWaterMark: 1 << 20 });
  let header: string[] | null = null;
  let inputIndex: number[] = [];
  let checkRecord: (record: string[]) => void = () => {};
  let pending: string[][] = [];
  // Per pending record, its segment's line ranges (null: its fields are written) and its index there.
  let pendingLines: { bytes: Buffer; ranges: Int32Array | null }[] = [];
  let pendingAt: number[] = [];
  let rows = 0;
  let bytesRead = 0;
  // Which segment each pending record came from, to name the line of a refused row.
  let parsed = 0;
  let origins: { segment: Segment; first: number; count: number }[] = [];
  let refusedRows = 0;
  const refused: RefusedRow[] = [];
  const lineOf = (ordinal: number): number => {
    const origin = origins.find(({ first, count }) => ordinal >= first && ordinal < first + count);
    return origin ? recordStartLine(origin.segment, reading.delimiter, ordinal - origin.first) : 0;
  };

  const startOutput = async (found: string[]): Promise<void> => {
    const missing = columns.filter((column) => !found.includes(column.name)).map((column) => column.name);
    if (missing.length > 0) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that ${options.label} needs`,
        { file: options.input, line: segmenter.headerLine, missing },
      );
    }
    const added = [
      PREDICTION_COLUMN,
      ...classes.map((c) => `${PROBABILITY_PREFIX}${c}`),
      MODEL_VERSION_COLUMN,
    ];
    const clash = added.find((name) => found.includes(name));
    if (clash) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: the input already has a "${clash}" column, which the output adds`,
        { file: options.input, line: segmenter.headerLine, column: clash },
      );
    }
    inputIndex = columns.map((column) => found.indexOf(column.name));
    checkRecord = decimalMarkCheck(columns, inputIndex, reading);
    await write(Buffer.from(`${lines.row([...found, ...added])}\n`));
  };
  const predictChunk = async (
    chunk: string[][],
    first: number,
    chunkLines: typeof pendingLines,
    chunkAt: number[],
  ): Promise<void> => {
    if (options.signal?.aborted) {
      throw new PodiumError('CANCELLED', `Batch prediction of ${options.input} was cancelled`);
    }
    // Cells are read as text with the training profile, exactly as loadTable reads a snapshot.
    const builders = columns.map((column) => createColumnBuilder(column, chunk.length, reading.decimal));
    for (const record of chunk) {
      for (let c = 0; c < builders.length; c++) builders[c].addText(record[inputIndex[c]]);
    }
    const table: Table = { rowCount: chunk.length, columns: builders.map((b) => b.build(chunk.length)) };
    const bad = refusedCells(pre, table, (row, name) => {
      const c = columns.findIndex((column) => column.name === name);
      return chunk[row][inputIndex[c]] ?? '';
    });
    for (const value of bad) {
      refusedRows++;
      if (refused.length < REFUSED_EXAMPLES) {
        const line = lineOf(first + value.record);
        refused.push({ line, field: value.field, message: `line ${line}: ${refusalMessage(value)}` });
      }
    }
    origins = origins.filter(({ first: start, count }) => start + count > first + chunk.length);
    // The file is refused at the end: only the count and the first lines matter from here on.
    if (refusedRows > 0 && !options.skipBadRows) return;
    const skip = new Set(bad.map((value) => value.record));
    const keep =
      skip.size === 0
        ? undefined
        : Uint32Array.from(Array.from(chunk.keys()).filter((row) => !skip.has(row)));
    const scored = await predictor.predictColumns(table, keep);
    // Each row is its input (its own bytes, or its fields written anew), then what the model
    // adds; sized first at 3 bytes per character at most, then filled.
    const written: string[] = new Array(scored.rows);
    const added: string[] = new Array(scored.rows);
    let size = 0;
    for (let k = 0; k < scored.rows; k++) {
      const i = keep === undefined ? k : keep[k];
      const { ranges } = chunkLines[i];
      if (ranges === null) {
        written[k] = lines.row(convertCell === null ? chunk[i] : chunk[i].map(convertCell));
        size += written[k].length * 3;
      } else size += ranges[chunkAt[i] * 2 + 1] - ranges[chunkAt[i] * 2];
      let tail: string;
      if (scored.task === 'number') tail = delimiter + formatNumber(scored.values[k]);
      else {
        tail = delimiter + classFields[scored.classIndex[k]];
        const width = classes.length;
        for (let c = 0; c < width; c++) tail += delimiter + formatNumber(scored.probabilities[k * width + c]);
      }
      added[k] = tail;
      size += tail.length * 3 + labelBytes.length;
    }
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (let k = 0; k < scored.rows; k++) {
      const i = keep === undefined ? k : keep[k];
      const { bytes, ranges } = chunkLines[i];
      if (ranges === null) at += out.write(written[k], at);
      else at += bytes.copy(out, at, ranges[chunkAt[i] * 2], ranges[chunkAt[i] * 2 + 1]);
      at += out.write(added[k], at);
      at += labelBytes.copy(out, at);
    }
    await write(out.subarray(0, at));
    rows += scored.rows;
    options.onProgress?.({ step: 'predict', current: bytesRead, total: options.totalBytes });
  };
  const feed = async (segments: ReturnType<CsvSegmenter['push']>, last: boolean): Promise<void> => {
    if (header === null && segmenter.header !== null) {
      header = segmenter.header;
      await startOutput(header);
    }
    for (const segment of segments) {
      const shape = { columnCount: header?.length ?? 0, delimiter: reading.delimiter };
      // Rows whose decimal marks change are written field by field.
      const lineSource = {
        bytes: segment.bytes,
        ranges: convertCell === null ? rawLineRanges(segment.bytes) : null,
      };
      let index = 0;
      const count = await parseSegment(segment, shape, (record) => {
        checkRecord(record);
        pending.push(record);
        pendingLines.push(lineSource);
        pendingAt.push(index++);
      });
      // Lines and records disagree (a blank-looking line csv-parse skipped): write the fields.
      if (lineSource.ranges !== null && lineSource.ranges.length !== count * 2) lineSource.ranges = null;
      origins.push({ segment, first: parsed, count });
      parsed += count;
      while (pending.length >= options.chunkRows) {
        const chunk = pending.slice(0, options.chunkRows);
        const chunkLines = pendingLines.slice(0, options.chunkRows);
        const chunkAt = pendingAt.slice(0, options.chunkRows);
        pending = pending.slice(options.chunkRows);
        pendingLines = pendingLines.slice(options.chunkRows);
        pendingAt = pendingAt.slice(options.chunkRows);
        await predictChunk(chunk, parsed - pending.length - chunk.length, chunkLines, chunkAt);
      }
    }
    if (last && pending.length > 0) {
      const chunk = pending;
      pending = [];
      await predictChunk(chunk, parsed - chunk.length, pendingLines, pendingAt);
      pendingLines = [];
      pendingAt = [];
    }
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      await feed(segmenter.push(chunk), false);
    }
    await feed(segmenter.end(), true);
    if (refusedRows > 0 && !options.skipBadRows) throw refusedFile(options.input, refusedRows, refused);
    sink.end();
    await closed;
  } catch (error) {
    source.destroy();
    sink.destroy();
    await closed.catch(() => {});
    throw asStorageFull(
      asPodiumError(error, options.input),
      options.output ?? options.temp,
      `predictions of ${options.input}`,
    );
  }
  return {
    rows,
    sha256: hash.digest('hex'),
    skipped: options.skipBadRows ? refusedRows : 0,
    refused: options.skipBadRows ? refused : [],
  };
}

function refusedFile(file: string, count: number, examples: RefusedRow[]): PodiumError {
  const more = count > examples.length ? `; and ${count - examples.length} more` : '';
  return new PodiumError(
    'DATA_INVALID',
    `${file}: ${count} row${count === 1 ? ' holds a value' : 's hold values'} the model cannot read (training would refuse ${count === 1 ? 'it' : 'them'} too): ${examples.map((row) => row.message).join('; ')}${more}. Fix ${count === 1 ? 'it' : 'them'} (a blank cell is read as missing), or pass --skip-bad-rows to write the other rows.`,
    { file, rows: count, examples },
  );
}

/** A date column's profile reading its cells in `format` (when the input's dates are written otherwise). */
function readDatesIn(column: ColumnProfile, format: string | undefined): ColumnProfile {
  if (column.date === undefined || format === undefined || format === column.date.format) return column;
  return { ...column, date: { ...column.date, format } };
}

/**
 * Refuses, with its line, a number the model reads that is written with the other decimal mark
 * (`3.5` in a decimal-comma file): read as missing it would be filled in silently. Only cells
 * holding the other mark are parsed, so the common case costs one character search per cell.
 */
function decimalMarkCheck(
  columns: ColumnProfile[],
  inputIndex: number[],
  reading: CsvReading,
): (record: string[]) => void {
  if (reading.delimiter === ',' && reading.decimal === '.') return () => {};
  const other = reading.decimal === ',' ? '.' : ',';
  const parse = numberParser(reading.decimal);
  const numbers = columns.flatMap((column, c) =>
    column.type === 'numeric' || column.type === 'integer'
      ? [{ name: column.name, index: inputIndex[c] }]
      : [],
  );
  return (record) => {
    for (const { name, index } of numbers) {
      const cell = record[index];
      if (cell.indexOf(other) === -1) continue;
      const text = cell.trim();
      if (Number.isNaN(parse(text)) && !isMissingToken(text)) checkDecimalMark(name, text, reading.decimal);
    }
  };
}

/** Predictions and probabilities as text with the output's decimal mark, quoted if that mark is the separator. */
function numberFormatter(
  decimal: CsvReading['decimal'],
  field: (text: string) => string,
): (value: number) => string {
  if (decimal === '.') return (value) => String(value);
  return (value) => field(String(value).replace('.', ','));
}

/**
 * Where the output's decimal mark differs from the input's, input cells holding numbers are
 * rewritten with it (other cells are copied as they are); null when nothing is to change.
 */
function cellConverter(input: CsvReading, output: CsvReading): ((cell: string) => string) | null {
  if (input.decimal === output.decimal) return null;
  const parse = numberParser(input.decimal);
  // Unquoted: the row's writer quotes the cell where it must.
  const format = numberFormatter(output.decimal, (text) => text);
  // Dots group thousands in decimal-comma numbers: `1.234` is a thousand and must change too.
  return (cell) => {
    if (cell.indexOf(input.decimal) === -1 && cell.indexOf('.') === -1) return cell;
    const value = parse(cell.trim());
    return Number.isNaN(value) ? cell : format(value);
  };
}

function asPodiumError(error: unknown, file: string): unknown {
  if (error instanceof CsvProblemError) {
    const { line, reason, details } = error.problem;
    return new PodiumError('CSV_INVALID', `${file}, line ${line}: ${reason}`, { file, line, ...details });
  }
  return error;
}
