import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { Column, DatasetProfile, Table } from '../types.js';

/**
 * The binary layout of a snapshot's columns file (`<id>.columns`), the Table a snapshot loads
 * as, kept so that loading is a read and a few views instead of parsing the CSV text again.
 *
 *   "PODCOLS1" | header length (uint32 LE) | header JSON | padding to 8 | sections | trailer
 *
 * Every section starts on an 8-byte boundary, so Float64 values and Int32 codes are viewed in
 * place over the one Buffer the file is read into. The 8-byte trailer holds the CRC-32 of every
 * byte before it and "END1": a file cut short or changed in any byte does not read.
 */
const MAGIC = Buffer.from('PODCOLS1', 'latin1');
const END = Buffer.from('END1', 'latin1');
const TRAILER_BYTES = 8;
/** Raise when the Table's rules change (column-builder.ts), so older files are rebuilt, not misread. */
export const COLUMNS_FORMAT_VERSION = 1;

type Section = { offset: number; bytes: number };

type ColumnEntry = {
  name: string;
  type: Column['type'];
  levels?: [string, string];
  /** Float64 values (numbers, dates, binary). */
  values?: Section;
  /** Int32 codes into `dictionary`, −1 where missing (category, text, id). */
  codes?: Section;
  /** JSON array of the distinct texts. */
  dictionary?: Section;
};

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
  totalBytes: number;
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

/** The file's bytes as chunks, in order, to be written one after the other. */
export function encodeColumns(
  table: Table,
  meta: Pick<ColumnsHeader, 'snapshotId' | 'csv' | 'key'>,
): Buffer[] {
  const sections: Buffer[] = [];
  let offset = 0;
  const place = (bytes: Buffer): Section => {
    const section = { offset, bytes: bytes.length };
    sections.push(bytes);
    const pad = (8 - (bytes.length % 8)) % 8;
    if (pad > 0) sections.push(Buffer.alloc(pad));
    offset += bytes.length + pad;
    return section;
  };
  const entries = table.columns.map((column): ColumnEntry => {
    if (column.type === 'category' || column.type === 'text' || column.type === 'id') {
      const { codes, dictionary } = dictionaryCodes(column.values);
      return {
        name: column.name,
        type: column.type,
        codes: place(Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength)),
        dictionary: place(Buffer.from(JSON.stringify(dictionary), 'utf8')),
      };
    }
    const numbers = column.values as Float64Array;
    const values = place(Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength));
    return column.type === 'binary'
      ? { name: column.name, type: column.type, levels: column.levels, values }
      : { name: column.name, type: column.type, values };
  });
  // The header's length moves the sections, so their offsets are counted from the first section.
  const header = (start: number): Buffer => {
    const shifted = entries.map((entry) => shift(entry, start));
    const full: ColumnsHeader = {
      format: COLUMNS_FORMAT_VERSION,
      endianness: 'LE',
      ...meta,
      rowCount: table.rowCount,
      columns: shifted,
      totalBytes: start + offset + TRAILER_BYTES,
    };
    return Buffer.from(JSON.stringify(full), 'utf8');
  };
  // Offsets written as text change the header's length; settle on a start that holds it.
  let start = align(MAGIC.length + 4 + header(0).length);
  let json = header(start);
  while (align(MAGIC.length + 4 + json.length) > start) {
    start = align(MAGIC.length + 4 + json.length);
    json = header(start);
  }
  const lead = Buffer.alloc(start);
  MAGIC.copy(lead, 0);
  lead.writeUInt32LE(json.length, MAGIC.length);
  json.copy(lead, MAGIC.length + 4);
  const chunks = [lead, ...sections];
  let crc = 0;
  for (const chunk of chunks) crc = crc32(chunk, crc);
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(crc >>> 0, 0);
  END.copy(trailer, 4);
  chunks.push(trailer);
  return chunks;
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
  if (file.length < MAGIC.length + 4 + TRAILER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ColumnsFileProblem('it is not a Podium columns file');
  }
  const end = file.length - TRAILER_BYTES;
  if (!file.subarray(end + 4).equals(END)) throw new ColumnsFileProblem('it is cut short');
  if (crc32(file.subarray(0, end)) >>> 0 !== file.readUInt32LE(end)) {
    throw new ColumnsFileProblem('its checksum does not match its bytes');
  }
  const headerBytes = file.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + headerBytes > end) throw new ColumnsFileProblem('its header runs past its end');
  const header = JSON.parse(
    file.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerBytes),
  ) as ColumnsHeader;
  if (header.format !== COLUMNS_FORMAT_VERSION) {
    throw new ColumnsFileProblem(`it has format ${header.format}, not ${COLUMNS_FORMAT_VERSION}`);
  }
  if (header.totalBytes !== file.length) throw new ColumnsFileProblem('its size is not the size it records');
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
  const columns = header.columns.map((entry) => decodeColumn(file, entry, rows));
  return { rowCount: rows, columns };
}

function decodeColumn(file: Buffer, entry: ColumnEntry, rows: number): Column {
  if (entry.type === 'category' || entry.type === 'text' || entry.type === 'id') {
    const codes = int32View(file, sectionOf(file, entry, 'codes', rows * 4));
    const dictionaryAt = sectionOf(file, entry, 'dictionary', null);
    const dictionary = JSON.parse(
      file.toString('utf8', dictionaryAt.offset, dictionaryAt.offset + dictionaryAt.bytes),
    ) as string[];
    const values: (string | null)[] = new Array(rows);
    const size = dictionary.length;
    for (let i = 0; i < rows; i++) {
      const code = codes[i];
      if (code >= size) throw new ColumnsFileProblem(`column "${entry.name}" has a code past its dictionary`);
      values[i] = code < 0 ? null : dictionary[code];
    }
    return { name: entry.name, type: entry.type, values };
  }
  const values = float64View(file, sectionOf(file, entry, 'values', rows * 8));
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
    section.offset + section.bytes > file.length - TRAILER_BYTES
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

function int32View(file: Buffer, at: Section): Int32Array {
  const start = file.byteOffset + at.offset;
  if (start % 4 === 0) return new Int32Array(file.buffer, start, at.bytes / 4);
  return new Int32Array(file.buffer.slice(start, start + at.bytes));
}

function dictionaryCodes(values: (string | null)[]): { codes: Int32Array; dictionary: string[] } {
  const codes = new Int32Array(values.length);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      index.set(value, code);
      dictionary.push(value);
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}

function shift(entry: ColumnEntry, start: number): ColumnEntry {
  const moved = (section: Section | undefined): Section | undefined =>
    section === undefined ? undefined : { offset: section.offset + start, bytes: section.bytes };
  return {
    ...entry,
    values: moved(entry.values),
    codes: moved(entry.codes),
    dictionary: moved(entry.dictionary),
  };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
