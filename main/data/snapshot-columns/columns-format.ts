import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { Column, DatasetProfile, Table } from '../types.js';
import { type NumberBytes, narrowNumbers, numberWidth, widenNumbers } from './whole-numbers.js';

/**
 * The binary layout of a snapshot's columns file (`<id>.columns`), the Table a snapshot loads
 * as, kept so that loading is a read and a few views instead of parsing the CSV text again.
 *
 *   "PODCOLS2" | sections | header JSON | trailer
 *
 * The header follows the sections, so each column is written as soon as it is encoded, while
 * the next one is encoded. Every section starts on an 8-byte boundary, so Float64 values and
 * codes are viewed in place over the one Buffer the file is read into. The 12-byte trailer holds
 * the header's length, the CRC-32 of every byte before the CRC and "END2": a file cut short or
 * changed in any byte does not read.
 */
const MAGIC = Buffer.from('PODCOLS2', 'latin1');
/** The magic without its version digit: a file of another format is named as such. */
const MAGIC_STEM = Buffer.from('PODCOLS', 'latin1');
const END = Buffer.from('END2', 'latin1');
const TRAILER_BYTES = 12;
const PADDING = Buffer.alloc(8);
/**
 * Raise when the layout or the Table's rules change (column-builder.ts), so older files are
 * rebuilt, not misread. 2: header after the sections, codes 1, 2 or 4 bytes wide, whole numbers
 * 1, 2 or 4 bytes wide.
 */
export const COLUMNS_FORMAT_VERSION = 2;

type Section = { offset: number; bytes: number };

/** Code widths: the narrowest that holds the dictionary's size plus 0 for a missing cell. */
type CodeBytes = 1 | 2 | 4;

type ColumnEntry = {
  name: string;
  type: Column['type'];
  levels?: [string, string];
  /** Float64 values (numbers, dates, binary), or whole numbers `valueBytes` wide (whole-numbers.ts). */
  values?: Section;
  valueBytes?: NumberBytes;
  /** Unsigned codes, `codeBytes` wide: 0 where missing, else 1 + an index into `dictionary`. */
  codes?: Section;
  codeBytes?: CodeBytes;
  /** JSON array of the distinct texts. */
  dictionary?: Section;
};

/**
 * A column as the file keeps it. Text columns come as codes into `texts` (−1 missing; null:
 * row i is `texts[i]`), where `texts` may repeat a text or hold null for a missing one: the
 * encoder settles the distinct texts, so a caller hands over what it has without a pass of its own.
 */
export type StoredColumn =
  | { name: string; type: 'numeric' | 'integer' | 'date'; values: Float64Array }
  | { name: string; type: 'binary'; values: Float64Array; levels: [string, string] }
  | { name: string; type: 'category' | 'text' | 'id'; codes: Int32Array | null; texts: (string | null)[] };

/** A Table to keep, each column made when it is about to be written. */
export type StoredColumns = { rowCount: number; columns: Iterable<StoredColumn> };

type CodedColumn = Extract<StoredColumn, { texts: unknown }>;

function isCoded(column: StoredColumn): column is CodedColumn {
  return 'texts' in column;
}

/**
 * What the Table was derived from besides the CSV bytes: how the cells were read and how the
 * profile typed each column. A file made under another key describes another Table.
 */
export type ColumnsKey = {
  delimiter: string;
  decimal: string;
  rows: number;
  columns: { name: string; type: string; levels: string[] | null; dateFormat: string | null }[];
};

export type ColumnsHeader = {
  format: number;
  endianness: 'LE';
  snapshotId: string;
  rowCount: number;
  /** Size and modification time of the CSV the table was read from. */
  csv: { bytes: number; mtimeMs: number };
  key: ColumnsKey;
  columns: ColumnEntry[];
};

export function columnsKey(
  profile: DatasetProfile,
  reading: { delimiter: string; decimal: string },
): ColumnsKey {
  return {
    delimiter: reading.delimiter,
    decimal: reading.decimal,
    rows: profile.rows,
    columns: profile.columns.map((column) => ({
      name: column.name,
      type: column.type,
      levels: column.levels ?? column.categorical?.top.map((entry) => entry.value) ?? null,
      dateFormat: column.date?.format ?? null,
    })),
  };
}

/** A Table's columns, each converted only when it is written. */
export function storedColumnsOf(table: Table): StoredColumns {
  return {
    rowCount: table.rowCount,
    columns: (function* (): Generator<StoredColumn> {
      for (const column of table.columns) {
        yield column.type === 'category' || column.type === 'text' || column.type === 'id'
          ? { name: column.name, type: column.type, codes: null, texts: column.values }
          : (column as Exclude<StoredColumn, CodedColumn>);
      }
    })(),
  };
}

/**
 * The file's bytes in order, a column's sections at a time: each column is encoded only when
 * the previous chunk was taken, so its encoding overlaps that chunk's write. Float64 sections are
 * views over the columns' own memory, not copies; whole numbers and codes are narrowed first.
 */
export function* encodeColumns(
  stored: StoredColumns,
  meta: Pick<ColumnsHeader, 'snapshotId' | 'csv' | 'key'>,
): Generator<Buffer> {
  let offset = 0;
  let crc = 0;
  const out = (bytes: Buffer): Buffer => {
    crc = crc32(bytes, crc);
    offset += bytes.length;
    return bytes;
  };
  const sections: Buffer[] = [];
  const place = (bytes: Buffer): Section => {
    const section = { offset, bytes: bytes.length };
    sections.push(out(bytes));
    const pad = (8 - (bytes.length % 8)) % 8;
    if (pad > 0) sections.push(out(PADDING.subarray(0, pad)));
    return section;
  };
  yield out(MAGIC);
  const entries: ColumnEntry[] = [];
  for (const column of stored.columns) {
    entries.push(encodeColumn(column, stored.rowCount, place));
    yield* sections.splice(0);
  }
  const header: ColumnsHeader = {
    format: COLUMNS_FORMAT_VERSION,
    endianness: 'LE',
    ...meta,
    rowCount: stored.rowCount,
    columns: entries,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  yield out(json);
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32LE(json.length, 0);
  yield out(lengthBytes);
  const trailer = Buffer.alloc(TRAILER_BYTES - 4);
  trailer.writeUInt32LE(crc >>> 0, 0);
  END.copy(trailer, 4);
  yield trailer;
}

function encodeColumn(column: StoredColumn, rows: number, place: (bytes: Buffer) => Section): ColumnEntry {
  if (isCoded(column)) {
    const { codes, dictionary } = narrowCodes(column.codes, column.texts, rows);
    return {
      name: column.name,
      type: column.type,
      codes: place(Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength)),
      codeBytes: codes.BYTES_PER_ELEMENT as CodeBytes,
      dictionary: place(Buffer.from(JSON.stringify(dictionary), 'utf8')),
    };
  }
  const valueBytes = numberWidth(column.values);
  const numbers = valueBytes === 8 ? column.values : narrowNumbers(column.values, valueBytes);
  const values = place(Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength));
  return column.type === 'binary'
    ? { name: column.name, type: column.type, levels: column.levels, values, valueBytes }
    : { name: column.name, type: column.type, values, valueBytes };
}

/**
 * The distinct texts, in order of first appearance in `texts`, and each row's code 1 + its
 * index (0 missing) in the narrowest unsigned width that holds them: a category of a few levels
 * takes one byte a row instead of four.
 */
function narrowCodes(
  codes: Int32Array | null,
  texts: (string | null)[],
  rows: number,
): { codes: Uint8Array | Uint16Array | Uint32Array; dictionary: string[] } {
  // Each of `texts` as its stored code: one Map lookup per distinct text when codes are given.
  const stored = new Uint32Array(texts.length);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  for (let k = 0; k < texts.length; k++) {
    const text = texts[k];
    if (text === null) continue;
    let code = index.get(text);
    if (code === undefined) {
      code = dictionary.length + 1;
      index.set(text, code);
      dictionary.push(text);
    }
    stored[k] = code;
  }
  const Codes =
    dictionary.length <= 0xff ? Uint8Array : dictionary.length <= 0xffff ? Uint16Array : Uint32Array;
  if (codes === null) return { codes: Codes === Uint32Array ? stored : Codes.from(stored), dictionary };
  const narrow = new Codes(rows);
  for (let i = 0; i < rows; i++) {
    const code = codes[i];
    narrow[i] = code < 0 ? 0 : stored[code];
  }
  return { codes: narrow, dictionary };
}

export class ColumnsFileProblem extends Error {}

/**
 * The Table in `file`, when it was made from `snapshotId` under `key`; throws ColumnsFileProblem
 * naming what does not hold. Number columns are views over `file`'s memory where aligned.
 */
export function decodeColumns(
  file: Buffer,
  expected: { snapshotId: string; csv: ColumnsHeader['csv']; key: ColumnsKey },
): Table {
  if (endianness() !== 'LE') throw new ColumnsFileProblem('this machine is not little-endian');
  if (file.length < MAGIC.length || !file.subarray(0, MAGIC_STEM.length).equals(MAGIC_STEM)) {
    throw new ColumnsFileProblem('it is not a Podium columns file');
  }
  if (!file.subarray(0, MAGIC.length).equals(MAGIC)) {
    const format = file.toString('latin1', MAGIC_STEM.length, MAGIC.length);
    throw new ColumnsFileProblem(`it has format ${format}, not ${COLUMNS_FORMAT_VERSION}`);
  }
  if (file.length < MAGIC.length + TRAILER_BYTES || !file.subarray(file.length - 4).equals(END)) {
    throw new ColumnsFileProblem('it is cut short');
  }
  const crcAt = file.length - 8;
  if (crc32(file.subarray(0, crcAt)) >>> 0 !== file.readUInt32LE(crcAt)) {
    throw new ColumnsFileProblem('its checksum does not match its bytes');
  }
  const headerBytes = file.readUInt32LE(crcAt - 4);
  const headerAt = crcAt - 4 - headerBytes;
  if (headerAt < MAGIC.length) throw new ColumnsFileProblem('its header runs past its start');
  const header = JSON.parse(file.toString('utf8', headerAt, headerAt + headerBytes)) as ColumnsHeader;
  if (header.format !== COLUMNS_FORMAT_VERSION) {
    throw new ColumnsFileProblem(`it has format ${header.format}, not ${COLUMNS_FORMAT_VERSION}`);
  }
  if (header.snapshotId !== expected.snapshotId) {
    throw new ColumnsFileProblem(`it belongs to snapshot ${header.snapshotId}`);
  }
  if (header.csv.bytes !== expected.csv.bytes || header.csv.mtimeMs !== expected.csv.mtimeMs) {
    throw new ColumnsFileProblem('the CSV changed since it was written');
  }
  if (JSON.stringify(header.key) !== JSON.stringify(expected.key)) {
    throw new ColumnsFileProblem('it was made under another profile or dialect');
  }
  const rows = header.rowCount;
  const wanted = expected.key.columns;
  if (
    rows !== expected.key.rows ||
    header.columns.length !== wanted.length ||
    header.columns.some((entry, c) => entry.name !== wanted[c].name || entry.type !== wanted[c].type)
  ) {
    throw new ColumnsFileProblem("its columns are not the profile's columns");
  }
  const sections = file.subarray(0, headerAt);
  const columns = header.columns.map((entry) => decodeColumn(sections, entry, rows));
  return { rowCount: rows, columns };
}

/** `sections`: the file up to its header, which every section lies within. */
function decodeColumn(sections: Buffer, entry: ColumnEntry, rows: number): Column {
  if (entry.type === 'category' || entry.type === 'text' || entry.type === 'id') {
    const width = entry.codeBytes;
    if (width !== 1 && width !== 2 && width !== 4) {
      throw new ColumnsFileProblem(`column "${entry.name}" has no valid code width`);
    }
    const codes = codesView(sections, sectionOf(sections, entry, 'codes', rows * width), width);
    const dictionaryAt = sectionOf(sections, entry, 'dictionary', null);
    const dictionary = JSON.parse(
      sections.toString('utf8', dictionaryAt.offset, dictionaryAt.offset + dictionaryAt.bytes),
    ) as string[];
    const values: (string | null)[] = new Array(rows);
    const size = dictionary.length;
    for (let i = 0; i < rows; i++) {
      const code = codes[i];
      if (code > size) throw new ColumnsFileProblem(`column "${entry.name}" has a code past its dictionary`);
      values[i] = code === 0 ? null : dictionary[code - 1];
    }
    return { name: entry.name, type: entry.type, values };
  }
  const width = entry.valueBytes;
  if (width !== 1 && width !== 2 && width !== 4 && width !== 8) {
    throw new ColumnsFileProblem(`column "${entry.name}" has no valid value width`);
  }
  const at = sectionOf(sections, entry, 'values', rows * width);
  const values =
    width === 8 ? float64View(sections, at) : widenNumbers(wholeNumbersView(sections, at, width));
  if (entry.type === 'binary') {
    if (entry.levels === undefined)
      throw new ColumnsFileProblem(`binary column "${entry.name}" has no levels`);
    return { name: entry.name, type: 'binary', values, levels: entry.levels };
  }
  return { name: entry.name, type: entry.type, values };
}

function sectionOf(
  file: Buffer,
  entry: ColumnEntry,
  part: 'values' | 'codes' | 'dictionary',
  bytes: number | null,
): Section {
  const section = entry[part];
  if (
    section === undefined ||
    (bytes !== null && section.bytes !== bytes) ||
    section.offset % 8 !== 0 ||
    section.offset < MAGIC.length ||
    section.offset + section.bytes > file.length
  ) {
    throw new ColumnsFileProblem(`column "${entry.name}" has no valid ${part} section`);
  }
  return section;
}

/** A view where the Buffer's memory is 8-byte aligned (large reads are), a copy otherwise. */
function float64View(file: Buffer, at: Section): Float64Array {
  const start = file.byteOffset + at.offset;
  if (start % 8 === 0) return new Float64Array(file.buffer, start, at.bytes / 8);
  return new Float64Array(file.buffer.slice(start, start + at.bytes));
}

function wholeNumbersView(file: Buffer, at: Section, width: 1 | 2 | 4): Int8Array | Int16Array | Int32Array {
  const start = file.byteOffset + at.offset;
  const aligned = start % width === 0;
  const buffer = aligned ? file.buffer : file.buffer.slice(start, start + at.bytes);
  const from = aligned ? start : 0;
  const length = at.bytes / width;
  if (width === 1) return new Int8Array(buffer, from, length);
  return width === 2 ? new Int16Array(buffer, from, length) : new Int32Array(buffer, from, length);
}

function codesView(file: Buffer, at: Section, width: CodeBytes): Uint8Array | Uint16Array | Uint32Array {
  const start = file.byteOffset + at.offset;
  let buffer: ArrayBufferLike = file.buffer;
  let at0 = start;
  if (start % width !== 0) {
    buffer = file.buffer.slice(start, start + at.bytes);
    at0 = 0;
  }
  const length = at.bytes / width;
  if (width === 1) return new Uint8Array(buffer, at0, length);
  return width === 2 ? new Uint16Array(buffer, at0, length) : new Uint32Array(buffer, at0, length);
}
