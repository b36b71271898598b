import { PodiumError } from '../../contract/errors.js';
import type { CsvSegment } from '../csv-segmenter.js';
import { FNV_OFFSET, FNV_PRIME } from './byte-dictionary.js';
import { type ColumnSinks, NUMBER } from './column-sinks.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
/** Exact powers of ten: a mantissa below 2^53 divided by one is the correctly rounded double. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** At most this many digits keep the mantissa exact (below 2^53). */
const FAST_DIGITS = 15;

/** How the records of a file are cut: byte codes of the separator and the decimal mark. */
export type ByteShape = { file: string; width: number; delimiter: number; decimal: number };

/**
 * Parses one segment (whole records, from the segmenter) byte by byte into the sinks. Numbers
 * of the common form (`-12.5`, at most 15 digits) are read without making a string; categories
 * are looked up by their bytes. Anything else — quotes, padding, exponents, missing tokens,
 * thousands separators — goes through the same text readers ingest uses. Blank lines are skipped
 * as csv-parse skips them; a row with the wrong number of fields is refused with its file and
 * physical line.
 */
export function parseSegmentColumns(segment: CsvSegment, shape: ByteShape, sinks: ColumnSinks): void {
  const buf = segment.bytes;
  const end = buf.length;
  const { width, delimiter } = shape;
  // A decimal mark equal to the separator can never be read inside an unquoted number.
  const mark = shape.decimal === delimiter ? -1 : shape.decimal;
  const kinds = sinks.kinds;
  let line = segment.startLine;
  let p = 0;
  while (p < end) {
    let b = buf[p];
    if (b === LF) {
      p++;
      line++;
      continue;
    }
    if (b === CR) {
      p++;
      if (buf[p] === LF) p++;
      line++;
      continue;
    }
    const rowLine = line;
    sinks.reserve();
    const row = sinks.rows;
    for (let c = 0; c < width; c++) {
      const fieldStart = p;
      b = buf[p];
      if (b === QUOTE) {
        const quoted = readQuoted(buf, p, end);
        if (quoted === null) throw unterminatedQuote(shape.file, rowLine);
        p = quoted.next;
        line += quoted.lineBreaks;
        b = buf[p];
        if (p < end && b !== delimiter && b !== LF && b !== CR) throw textAfterQuote(shape.file, line, c);
        if (kinds[c] === NUMBER) {
          (sinks.numbers[c] as Float64Array)[row] = sinks.numberFromText(c, quoted.text, rowLine);
        } else {
          (sinks.codes[c] as Int32Array)[row] = sinks.codeFromText(c, quoted.text);
        }
      } else if (kinds[c] === NUMBER) {
        const out = sinks.numbers[c] as Float64Array;
        let q = p;
        let negative = false;
        if (b === 45) {
          negative = true;
          b = buf[++q];
        } else if (b === 43) {
          b = buf[++q];
        }
        let mantissa = 0;
        let digits = 0;
        while (b >= 48 && b <= 57) {
          mantissa = mantissa * 10 + (b - 48);
          digits++;
          b = buf[++q];
        }
        let fraction = 0;
        if (b === mark) {
          b = buf[++q];
          while (b >= 48 && b <= 57) {
            mantissa = mantissa * 10 + (b - 48);
            fraction++;
            b = buf[++q];
          }
        }
        const total = digits + fraction;
        if ((b === delimiter || b === LF || b === CR || q >= end) && total > 0 && total <= FAST_DIGITS) {
          const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
          out[row] = negative ? -value : value;
          p = q;
        } else {
          p = unquotedEnd(buf, fieldStart, end, delimiter);
          if (p < 0) throw quoteInField(shape.file, rowLine, c);
          b = buf[p];
          out[row] = sinks.numberFromText(c, buf.toString('utf8', fieldStart, p), rowLine);
        }
      } else {
        const out = sinks.codes[c] as Int32Array;
        let hash = FNV_OFFSET;
        while (p < end && b !== delimiter && b !== LF && b !== CR) {
          if (b === QUOTE) throw quoteInField(shape.file, rowLine, c);
          hash = Math.imul(hash ^ b, FNV_PRIME);
          b = buf[++p];
        }
        let code: number;
        if (p === fieldStart) {
          code = -1;
          sinks.missing[c]++;
        } else if (buf[fieldStart] <= SPACE || buf[p - 1] <= SPACE) {
          code = sinks.codeFromText(c, buf.toString('utf8', fieldStart, p));
        } else {
          code = sinks.dictionaries[c]!.code(buf, fieldStart, p, hash >>> 0);
          if (code < 0) sinks.missing[c]++;
        }
        out[row] = code;
      }
      if (c < width - 1) {
        if (b !== delimiter) throw raggedRow(shape.file, rowLine, c + 1, width);
        p++;
      } else if (p < end && b === delimiter) {
        throw raggedRow(shape.file, rowLine, width + extraFields(buf, p, end, delimiter), width);
      } else if (b === CR) {
        p++;
        if (buf[p] === LF) p++;
        line++;
      } else if (b === LF) {
        p++;
        line++;
      }
    }
    sinks.rows = row + 1;
  }
}

/** A quoted field from its opening quote: the text (doubled quotes undone) and where it ends. */
function readQuoted(
  buf: Buffer,
  start: number,
  end: number,
): { text: string; next: number; lineBreaks: number } | null {
  let text = '';
  let from = start + 1;
  let lineBreaks = 0;
  for (let q = from; q < end; q++) {
    const b = buf[q];
    if (b === LF || (b === CR && buf[q + 1] !== LF)) lineBreaks++;
    if (b !== QUOTE) continue;
    if (buf[q + 1] === QUOTE) {
      text += buf.toString('utf8', from, q + 1);
      from = q + 2;
      q++;
      continue;
    }
    return { text: text + buf.toString('utf8', from, q), next: q + 1, lineBreaks };
  }
  return null;
}

/** Where an unquoted field ends; -1 when a quote is inside it (csv-parse refuses that too). */
function unquotedEnd(buf: Buffer, start: number, end: number, delimiter: number): number {
  let p = start;
  while (p < end) {
    const b = buf[p];
    if (b === delimiter || b === LF || b === CR) break;
    if (b === QUOTE) return -1;
    p++;
  }
  return p;
}

/** Fields after the header's last one on a too-long row, quotes respected, for the message. */
function extraFields(buf: Buffer, start: number, end: number, delimiter: number): number {
  let extra = 0;
  let inQuotes = false;
  for (let p = start; p < end; p++) {
    const b = buf[p];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (b === LF || b === CR)) break;
    else if (!inQuotes && b === delimiter) extra++;
  }
  return extra;
}

function raggedRow(file: string, line: number, found: number, expected: number): PodiumError {
  return new PodiumError(
    'CSV_INVALID',
    `${file}, line ${line}: the row has ${found} field${found === 1 ? '' : 's'} but the header has ${expected}`,
    { file, line, expected, found },
  );
}

function unterminatedQuote(file: string, line: number): PodiumError {
  return new PodiumError(
    'CSV_INVALID',
    `${file}, line ${line}: a quoted field is never closed (a quote opens it, none ends it)`,
    { file, line },
  );
}

function textAfterQuote(file: string, line: number, column: number): PodiumError {
  return new PodiumError(
    'CSV_INVALID',
    `${file}, line ${line}: field ${column + 1} has text after its closing quote; a quote inside a quoted field is written twice ("")`,
    { file, line, field: column + 1 },
  );
}

function quoteInField(file: string, line: number, column: number): PodiumError {
  return new PodiumError(
    'CSV_INVALID',
    `${file}, line ${line}: field ${column + 1} has a quote inside an unquoted value; a value holding quotes is quoted whole, each quote written twice ("")`,
    { file, line, field: column + 1 },
  );
}
