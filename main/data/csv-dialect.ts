import { open } from 'node:fs/promises';
import { parse as parseSync } from 'csv-parse/sync';
import {
  CSV_DELIMITERS,
  type CsvDelimiter,
  type CsvDialect,
  type CsvDialectOptions,
  type DecimalMark,
} from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { isMissingToken } from './cell-values.js';
import { csvParseOptions, lastRecordCut } from './csv-segmenter.js';
import { chooseDateFormat, type DateFormat, dateFormatsReading, isDateFormat } from './date-formats.js';
import type { DatasetProfile } from './types.js';

export { DEFAULT_CSV_DIALECT, isDefaultDialect } from '../contract/csv-dialect.js';

/** What a parser needs to cut a file's records into cells and read its numbers. */
export type CsvReading = Pick<CsvDialect, 'delimiter' | 'decimal'>;

/** What the first lines of a file say about it, with what the user gave taking precedence. */
export type SampledDialect = CsvReading & {
  /** Each column of the header that holds values in the sample: its distinct values and the date formats that read them all. */
  dates: Map<string, { values: string[]; formats: DateFormat[] }>;
};

/** The start of the file that is read to detect its dialect; the rest is read by the parser. */
const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_RECORDS = 200;
const BOM = '\ufeff';

/**
 * Detects how a CSV file is written from its header and first lines: the separator that cuts
 * every line into as many fields as the header (quotes respected), the decimal mark (a comma only
 * where the separator is not one), and which columns hold dates in which formats. `given` wins
 * over detection, part by part.
 */
export async function sampleDialect(file: string, given: CsvDialectOptions = {}): Promise<SampledDialect> {
  return dialectOfSample(await readSample(file), given);
}

/**
 * The same detection on a file's text already in hand (an upload the Data view has not stored
 * yet): its start is read as `sampleDialect` reads a file's.
 */
export function sampleDialectOfText(text: string, given: CsvDialectOptions = {}): SampledDialect {
  let bytes = Buffer.from(text.slice(0, SAMPLE_BYTES), 'utf8');
  if (bytes.length > SAMPLE_BYTES || text.length > SAMPLE_BYTES) {
    bytes = bytes.subarray(0, SAMPLE_BYTES);
    const cut = lastRecordCut(bytes);
    if (cut > 0) bytes = bytes.subarray(0, cut);
  }
  const sample = bytes.toString('utf8');
  return dialectOfSample(sample.startsWith(BOM) ? sample.slice(BOM.length) : sample, given);
}

function dialectOfSample(text: string, given: CsvDialectOptions): SampledDialect {
  const delimiter = given.delimiter ?? detectDelimiter(text);
  const records = recordsOf(text, delimiter) ?? [];
  const [header = [], ...rows] = records;
  const decimal = given.decimal ?? (delimiter === ',' ? '.' : detectDecimal(rows));
  const dates = new Map<string, { values: string[]; formats: DateFormat[] }>();
  header.forEach((name, c) => {
    const values = new Set<string>();
    for (const row of rows) {
      const cell = (row[c] ?? '').trim();
      if (!isMissingToken(cell)) values.add(cell);
    }
    if (values.size > 0) dates.set(name.trim(), { values: [...values], formats: dateFormatsReading(values) });
  });
  return { delimiter, decimal, dates };
}

/**
 * The date format of each column whose sampled values are dates: the one the user named for
 * it, else the one its values choose (`preferred` and the model's `fallback` deciding where they
 * cannot). Columns the sample cannot decide are left out: reading the whole file decides them.
 */
export function sampledDateFormats(
  sampled: SampledDialect,
  file: string,
  given: CsvDialectOptions,
  fallback: Record<string, DateFormat> = {},
): Record<string, DateFormat> {
  const formats: Record<string, DateFormat> = {};
  for (const [column, { values, formats: candidates }] of sampled.dates) {
    const named = ownFormat(given.dateFormats, column);
    if (named !== undefined) {
      formats[column] = named;
      continue;
    }
    try {
      const format = chooseDateFormat(column, values, candidates, {
        file,
        preferred: given.dateFormat,
        fallback: ownFormat(fallback, column),
      });
      if (format !== null) formats[column] = format;
    } catch (error) {
      if (!(error instanceof PodiumError)) throw error;
    }
  }
  return formats;
}

/** `formats[column]`, own keys only: a column named "constructor" must not find Object's. */
export function ownFormat(
  formats: Record<string, DateFormat> | undefined,
  column: string,
): DateFormat | undefined {
  return formats !== undefined && Object.hasOwn(formats, column) ? formats[column] : undefined;
}

/** The format of each date column, as a profile read it. */
export function dateFormatsOf(profile: DatasetProfile): Record<string, DateFormat> {
  const formats: Record<string, DateFormat> = {};
  for (const column of profile.columns) {
    const format = column.date?.format;
    if (format !== undefined && isDateFormat(format)) formats[column.name] = format;
  }
  return formats;
}

/** The dialect of a dataset stored before Podium recorded dialects: all were read as comma-separated with decimal points. */
export function legacyDialect(profile: DatasetProfile): CsvDialect {
  return { delimiter: ',', decimal: '.', dateFormats: dateFormatsOf(profile) };
}

async function readSample(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
    throw new PodiumError('NOT_FOUND', `cannot read ${file}: ${reason}`, { file });
  }
  // A full sample ends inside a record: keep only whole ones.
  if (bytes.length === SAMPLE_BYTES) {
    const cut = lastRecordCut(bytes);
    if (cut > 0) bytes = bytes.subarray(0, cut);
  }
  const text = bytes.toString('utf8');
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** The first records of the sample cut at `delimiter`, or null when they do not parse so. */
function recordsOf(text: string, delimiter: CsvDelimiter): string[][] | null {
  try {
    // Quotes relaxed: with a wrong separator, quoted fields start mid-field and must not throw.
    return parseSync(text, {
      ...csvParseOptions(delimiter),
      relax_quotes: true,
      to: SAMPLE_RECORDS,
    }) as string[][];
  } catch {
    return null;
  }
}

/**
 * The separator whose header has at least two fields and whose lines most often have as many;
 * then the one giving more fields; then the first listed. A single column is comma-separated.
 */
function detectDelimiter(text: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; consistent: number; width: number } = {
    delimiter: ',',
    consistent: -1,
    width: 1,
  };
  for (const delimiter of CSV_DELIMITERS) {
    const records = recordsOf(text, delimiter);
    const width = records?.[0]?.length ?? 0;
    if (records === null || width < 2) continue;
    const rows = records.length - 1;
    const consistent = rows === 0 ? 1 : records.filter((record) => record.length === width).length / rows;
    if (consistent > best.consistent || (consistent === best.consistent && width > best.width)) {
      best = { delimiter, consistent, width };
    }
  }
  return best.delimiter;
}

/** `3,5` and `1.234,56`: a comma before the last digits, dots (if any) grouping thousands. */
const COMMA_DECIMAL = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;
/** `3.5`, `.25`, `1.5e3`, but not `1.234`, which may be a thousand with grouped digits. */
const POINT_DECIMAL = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/;
const GROUPED_THOUSANDS = /^[+-]?\d{1,3}(?:\.\d{3})+$/;

/** A decimal comma when the sampled cells hold more numbers written with one than with a point. */
function detectDecimal(rows: string[][]): DecimalMark {
  let commas = 0;
  let points = 0;
  for (const row of rows) {
    for (const raw of row) {
      const cell = raw.trim();
      if (COMMA_DECIMAL.test(cell)) commas++;
      else if (POINT_DECIMAL.test(cell) && !GROUPED_THOUSANDS.test(cell)) points++;
    }
  }
  return commas > points ? ',' : '.';
}
