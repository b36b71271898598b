import { isUtf8 } from 'node:buffer';
import type { Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { CsvDelimiter } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';

/**
 * Cuts a CSV byte stream into segments of whole records, each tagged with the physical line
 * it starts on. Segments can then be parsed independently (in worker threads, in any order)
 * while error messages still name true line numbers, which csv-parse alone cannot give:
 * it counts CRLF inside quoted fields twice and knows nothing of earlier segments.
 *
 * A cut is only made at a line feed outside quotes. With RFC 4180 quoting (a quote inside
 * a quoted field is doubled) the quote count before a position is even exactly when the
 * position is outside quotes; a stray quote breaks that, but csv-parse rejects the segment
 * holding it, so a wrong cut never yields a silently wrong profile.
 */
export type CsvSegment = {
  /** Order of the segment in the file, from 0. */
  seq: number;
  /** 1-based physical line of the segment's first byte. */
  startLine: number;
  bytes: Buffer;
};

/**
 * Options for every csv-parse call, so profiling and loading read cells identically. Cuts between
 * segments do not depend on the separator (only on line feeds and quotes), the fields do.
 */
export function csvParseOptions(delimiter: CsvDelimiter): Options {
  return {
    delimiter,
    // Listed explicitly: auto-discovery fixes one style per parser, and mixed files exist.
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    // The caller checks field counts itself, to report the true physical line.
    relax_column_count: true,
  };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];

export class CsvSegmenter {
  /** The header's field names, once the first record has been read. */
  header: string[] | null = null;
  /** 1-based physical line of the header (leading blank lines are skipped). */
  headerLine = 1;
  /**
   * Bytes after the last cut, kept as the chunks they came in: a record longer than a chunk (a
   * 50 MB text field) is then copied once when it completes, and each chunk is scanned once, not
   * the whole carry again on every push.
   */
  private carry: Buffer[] = [];
  /** Whether the end of the carry lies inside a quoted field. */
  private carryInQuotes = false;
  private carryLine = 1;
  private carryOffset = 0;
  private seq = 0;
  private atStart = true;
  private headerScan = { pos: 0, inQuotes: false };

  constructor(
    private readonly file: string,
    private readonly delimiter: CsvDelimiter,
  ) {}

  push(chunk: Buffer): CsvSegment[] {
    if (this.header !== null) return this.cutRecords(chunk);
    const pending = this.takeCarry();
    const read = this.readHeader(pending.length === 0 ? chunk : Buffer.concat([pending, chunk]), false);
    if (!read.done) {
      this.carry = [read.pending];
      return [];
    }
    // The header ends at a line feed outside quotes: what follows starts outside them too.
    return this.cutRecords(read.rest);
  }

  /** Cuts after the last line feed outside quotes, scanning only the new bytes. */
  private cutRecords(bytes: Buffer): CsvSegment[] {
    const scan = scanForCut(bytes, this.carryInQuotes);
    if (scan.cut === 0) {
      if (bytes.length > 0) this.carry.push(bytes);
      this.carryInQuotes = scan.endInQuotes;
      return [];
    }
    const records = bytes.subarray(0, scan.cut);
    const segmentBytes = this.carry.length === 0 ? records : Buffer.concat([...this.carry, records]);
    const rest = bytes.subarray(scan.cut);
    this.carry = rest.length === 0 ? [] : [rest];
    this.carryInQuotes = scan.endInQuotes;
    return [this.makeSegment(segmentBytes)];
  }

  private takeCarry(): Buffer {
    const bytes = this.carry.length === 1 ? this.carry[0] : Buffer.concat(this.carry);
    this.carry = [];
    return bytes;
  }

  /** Flushes what is left; throws CSV_INVALID for a file with no content at all. */
  end(): CsvSegment[] {
    let buf = this.takeCarry();
    if (this.header === null) {
      const content =
        this.atStart && BOM.every((byte, i) => buf[i] === byte) ? buf.subarray(BOM.length) : buf;
      if (content.every((byte) => byte === LF || byte === CR || byte === 32 || byte === 9)) {
        throw new PodiumError('CSV_INVALID', `${this.file}, line 1: the file is empty (no header, no rows)`, {
          file: this.file,
          line: 1,
        });
      }
      const read = this.readHeader(buf, true);
      buf = read.done ? read.rest : Buffer.alloc(0);
    }
    return buf.length === 0 ? [] : [this.makeSegment(buf)];
  }

  private makeSegment(bytes: Buffer): CsvSegment {
    this.checkUtf8(bytes, this.carryLine, this.carryOffset);
    const segment = { seq: this.seq++, startLine: this.carryLine, bytes };
    this.carryLine += lineBreaks(bytes, 0, bytes.length);
    this.carryOffset += bytes.length;
    return segment;
  }

  /** Reads the header when it is complete; otherwise says which bytes to keep for later. */
  private readHeader(
    input: Buffer,
    ended: boolean,
  ): { done: true; rest: Buffer } | { done: false; pending: Buffer } {
    let buf = input;
    if (this.atStart) {
      if (buf.length < BOM.length && !ended) return { done: false, pending: buf };
      if (BOM.every((byte, i) => buf[i] === byte)) {
        buf = buf.subarray(BOM.length);
        this.carryOffset += BOM.length;
      }
      this.atStart = false;
    }
    // Leading blank lines are skipped, as csv-parse would, but still counted.
    let start = 0;
    while (start < buf.length && (buf[start] === LF || buf[start] === CR)) {
      if (buf[start] === CR && start + 1 >= buf.length && !ended) break;
      if (buf[start] === LF || buf[start + 1] !== LF) this.carryLine++;
      start++;
    }
    if (start > 0) {
      buf = buf.subarray(start);
      this.carryOffset += start;
      this.headerScan = { pos: 0, inQuotes: false };
    }
    const lineEnd = this.findHeaderEnd(buf, ended);
    if (lineEnd !== null) {
      return { done: true, rest: this.acceptHeader(buf.subarray(0, lineEnd.end), buf.subarray(lineEnd.end)) };
    }
    if (ended) return { done: true, rest: this.acceptHeader(buf, Buffer.alloc(0)) };
    return { done: false, pending: buf };
  }

  private acceptHeader(headerBytes: Buffer, rest: Buffer): Buffer {
    this.checkUtf8(headerBytes, this.carryLine, this.carryOffset);
    let records: string[][];
    try {
      records = parseSync(headerBytes, csvParseOptions(this.delimiter)) as string[][];
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PodiumError(
        'CSV_INVALID',
        `${this.file}, line ${this.carryLine}: cannot read the header (${reason})`,
        {
          file: this.file,
          line: this.carryLine,
        },
      );
    }
    this.header = (records[0] ?? []).map((name) => name.trim());
    this.headerLine = this.carryLine;
    this.carryLine += lineBreaks(headerBytes, 0, headerBytes.length);
    this.carryOffset += headerBytes.length;
    return rest;
  }

  /** Scans byte by byte from where the last call stopped; the header line is short. */
  private findHeaderEnd(buf: Buffer, ended: boolean): { end: number } | null {
    const scan = this.headerScan;
    for (let i = scan.pos; i < buf.length; i++) {
      const byte = buf[i];
      if (byte === QUOTE) scan.inQuotes = !scan.inQuotes;
      else if (!scan.inQuotes && byte === LF) return { end: i + 1 };
      else if (!scan.inQuotes && byte === CR) {
        if (i + 1 < buf.length) return { end: buf[i + 1] === LF ? i + 2 : i + 1 };
        if (ended) return { end: i + 1 };
        scan.pos = i;
        return null;
      }
    }
    scan.pos = buf.length;
    return null;
  }

  private checkUtf8(bytes: Buffer, firstLine: number, firstOffset: number): void {
    if (isUtf8(bytes)) return;
    const offset = firstInvalidUtf8(bytes);
    const line = firstLine + lineBreaks(bytes, 0, offset);
    const lineStart = Math.max(bytes.lastIndexOf(LF, offset - 1), bytes.lastIndexOf(CR, offset - 1)) + 1;
    const column = offset - lineStart + 1;
    throw new PodiumError(
      'CSV_INVALID',
      `${this.file}, line ${line}: byte ${column} of the line is not valid UTF-8 (0x${bytes[offset]
        .toString(16)
        .padStart(2, '0')}); save the file as UTF-8`,
      { file: this.file, line, column, byteOffset: firstOffset + offset },
    );
  }
}

/** Physical line breaks in `buf[start, end)`: LF, CRLF and a lone CR count once each. */
export function lineBreaks(buf: Buffer, start: number, end: number): number {
  const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
  let count = 0;
  for (let i = view.indexOf(LF); i !== -1; i = view.indexOf(LF, i + 1)) count++;
  for (let i = view.indexOf(CR); i !== -1; i = view.indexOf(CR, i + 1)) {
    if (view[i + 1] !== LF) count++;
  }
  return count;
}

/**
 * Like {@link lastRecordCut} for bytes that continue a scan: `startInQuotes` says whether the
 * first byte lies inside a quoted field. Also says whether the last byte does, for the next scan.
 */
export function scanForCut(buf: Buffer, startInQuotes: boolean): { cut: number; endInQuotes: boolean } {
  // Most files quote nothing: then the native search for the last line feed is all it takes.
  if (!startInQuotes && buf.indexOf(QUOTE) === -1)
    return { cut: buf.lastIndexOf(LF) + 1, endInQuotes: false };
  // Otherwise one pass over the bytes: no list of quote positions (a text-heavy file has millions).
  let inQuotes = startInQuotes;
  let cut = 0;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === LF && !inQuotes) cut = i + 1;
  }
  return { cut, endInQuotes: inQuotes };
}

/** Position just after the last line feed outside quotes, or 0 when there is none. */
export function lastRecordCut(buf: Buffer): number {
  return scanForCut(buf, false).cut;
}

/** Offset of the first byte that breaks UTF-8, for the error message; -1 when valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let codePoint: number;
    let minimum: number;
    if ((lead & 0xe0) === 0xc0) {
      need = 1;
      codePoint = lead & 0x1f;
      minimum = 0x80;
    } else if ((lead & 0xf0) === 0xe0) {
      need = 2;
      codePoint = lead & 0x0f;
      minimum = 0x800;
    } else if ((lead & 0xf8) === 0xf0) {
      need = 3;
      codePoint = lead & 0x07;
      minimum = 0x10000;
    } else {
      return i;
    }
    if (i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
