// A hand-written CSV reader straight from bytes into typed columns: numbers as Float64Array (NaN
// missing), categories as Int32Array dictionary codes (-1 missing), dates as Int32Array epoch days
// (INT32_MIN missing). A prototype for issue 16, not product code: comma separator, '.' decimal
// mark, ISO dates, LF or CRLF line ends; quoted fields are read (slow path) but a line feed inside
// quotes is not (Podium's segmenter already cuts only outside quotes).
import { readFileSync } from 'node:fs';

export const MISSING_DATE = -2147483648;
const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '-']);
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Header names and column kinds, from the first `sample` rows (a real reader sniffs like csv-dialect). */
export function sniff(buf, { sample = 2000, categorical = [] } = {}) {
  let end = buf.indexOf(LF);
  const header = buf.toString('utf8', 0, end).replace(/\r$/, '').split(',');
  const dataStart = end + 1;
  const cells = header.map(() => []);
  let p = dataStart;
  for (let r = 0; r < sample && p < buf.length; r++) {
    end = buf.indexOf(LF, p);
    if (end < 0) end = buf.length;
    const fields = buf.toString('utf8', p, end).replace(/\r$/, '').split(',');
    for (let c = 0; c < cells.length; c++) cells[c].push((fields[c] ?? '').trim());
    p = end + 1;
  }
  const kinds = header.map((name, c) => {
    if (categorical.includes(name)) return 'category';
    const present = cells[c].filter((f) => !MISSING_TOKENS.has(f));
    if (present.length > 0 && present.every((f) => /^\d{4}-\d{2}-\d{2}$/.test(f))) return 'date';
    if (present.length > 0 && present.every((f) => Number.isFinite(Number(f)))) return 'numeric';
    return 'category';
  });
  return { header, kinds, dataStart };
}

/** Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function epochDays(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** One column's dictionary: an open-addressing hash table over the bytes of first occurrences. */
class Dictionary {
  constructor(buf) {
    this.buf = buf;
    this.slots = new Int32Array(64).fill(-1);
    this.hashes = [];
    this.starts = [];
    this.lengths = [];
    this.values = [];
  }
  code(start, end, hash) {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) return this.add(slot, start, end, hash);
      if (this.hashes[entry] === hash && this.same(entry, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
  }
  same(entry, start, end) {
    const len = end - start;
    if (this.lengths[entry] !== len) return false;
    const buf = this.buf;
    const other = this.starts[entry];
    for (let i = 0; i < len; i++) if (buf[start + i] !== buf[other + i]) return false;
    return true;
  }
  add(slot, start, end, hash) {
    const entry = this.values.length;
    this.slots[slot] = entry;
    this.hashes.push(hash);
    this.starts.push(start);
    this.lengths.push(end - start);
    this.values.push(this.buf.toString('utf8', start, end));
    if (this.values.length * 2 > this.slots.length) this.grow();
    return entry;
  }
  /** A value that is not a plain byte run (quoted): looked up by its text. */
  codeOfText(text) {
    const at = this.values.indexOf(text);
    if (at >= 0) return at;
    this.values.push(text);
    this.hashes.push(0);
    this.starts.push(0);
    this.lengths.push(-1);
    return this.values.length - 1;
  }
  grow() {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.values.length; e++) {
      if (this.lengths[e] < 0) continue;
      let slot = this.hashes[e] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }
}

class RowError extends Error {}

/** Counts data rows in [start, end): line feeds, plus a last line without one. */
export function countRows(buf, start, end) {
  let rows = 0;
  let p = start;
  while (p < end) {
    const nl = buf.indexOf(LF, p);
    if (nl < 0 || nl >= end) {
      rows++;
      break;
    }
    if (nl > p && !(nl === p + 1 && buf[p] === CR)) rows++;
    p = nl + 1;
  }
  return rows;
}

/** Parses the rows of buf[start, end) (line-aligned) into typed columns. */
export function parseRange(buf, start, end, kinds, firstLine = 2) {
  const capacity = countRows(buf, start, end);
  const width = kinds.length;
  const values = kinds.map((k) => (k === 'numeric' ? new Float64Array(capacity) : new Int32Array(capacity)));
  // Split by element type so every typed-array access site stays monomorphic.
  const KIND = { numeric: 0, category: 1, date: 2 };
  const kindCodes = Int8Array.from(kinds, (k) => KIND[k]);
  const f64 = values.map((v) => (v instanceof Float64Array ? v : null));
  const i32 = values.map((v) => (v instanceof Int32Array ? v : null));
  const dicts = kinds.map((k) => (k === 'category' ? new Dictionary(buf) : null));
  let bad = 0;
  let row = 0;
  let p = start;
  while (p < end) {
    // Skip blank lines.
    if (buf[p] === LF) {
      p++;
      continue;
    }
    if (buf[p] === CR && buf[p + 1] === LF) {
      p += 2;
      continue;
    }
    for (let c = 0; c < width; c++) {
      const kind = kindCodes[c];
      const fieldStart = p;
      let b = buf[p];
      if (kind === 0) {
        const out = f64[c];
        let neg = false;
        if (b === 45) {
          neg = true;
          b = buf[++p];
        }
        let mant = 0;
        let digits = 0;
        while (b >= 48 && b <= 57) {
          mant = mant * 10 + (b - 48);
          digits++;
          b = buf[++p];
        }
        let frac = 0;
        if (b === 46) {
          b = buf[++p];
          while (b >= 48 && b <= 57) {
            mant = mant * 10 + (b - 48);
            frac++;
            b = buf[++p];
          }
        }
        if ((b === COMMA || b === LF || b === CR || p >= end) && digits + frac > 0 && digits + frac <= 15) {
          const v = frac === 0 ? mant : mant / POW10[frac];
          out[row] = neg ? -v : v;
        } else {
          // Slow path: empty, exponent, long mantissa, spaces, quotes or a token.
          p = fieldEnd(buf, fieldStart, end);
          const text = buf.toString('latin1', fieldStart, p).trim();
          if (MISSING_TOKENS.has(text)) out[row] = Number.NaN;
          else {
            const v = Number(text);
            if (Number.isNaN(v)) bad++;
            out[row] = v;
          }
          b = buf[p];
        }
      } else if (kind === 1) {
        const out = i32[c];
        if (b === QUOTE) {
          const [text, next] = quoted(buf, p, end);
          p = next;
          out[row] = MISSING_TOKENS.has(text) ? -1 : dicts[c].codeOfText(text);
        } else {
          let h = 0x811c9dc5;
          while (b !== COMMA && b !== LF && b !== CR && p < end) {
            h = Math.imul(h ^ b, 16777619);
            b = buf[++p];
          }
          out[row] = p === fieldStart ? -1 : dicts[c].code(fieldStart, p, h >>> 0);
        }
        b = buf[p];
      } else {
        const out = i32[c];
        if (
          buf[p + 4] === 45 &&
          buf[p + 7] === 45 &&
          (buf[p + 10] === COMMA || buf[p + 10] === LF || buf[p + 10] === CR || p + 10 >= end)
        ) {
          const y = (b - 48) * 1000 + (buf[p + 1] - 48) * 100 + (buf[p + 2] - 48) * 10 + (buf[p + 3] - 48);
          const m = (buf[p + 5] - 48) * 10 + (buf[p + 6] - 48);
          const d = (buf[p + 8] - 48) * 10 + (buf[p + 9] - 48);
          out[row] = epochDays(y, m, d);
          p += 10;
        } else {
          p = fieldEnd(buf, fieldStart, end);
          const text = buf.toString('latin1', fieldStart, p).trim();
          if (MISSING_TOKENS.has(text)) out[row] = MISSING_DATE;
          else {
            const ms = Date.parse(text);
            if (Number.isNaN(ms)) bad++;
            out[row] = Number.isNaN(ms) ? MISSING_DATE : Math.floor(ms / 86_400_000);
          }
        }
        b = buf[p];
      }
      if (c < width - 1) {
        if (b !== COMMA) throw new RowError(rowProblem(firstLine, row, c + 1, width));
        p++;
      } else {
        if (b === CR) b = buf[++p];
        if (b !== LF && p < end) throw new RowError(rowProblem(firstLine, row, width + 1, width));
        p++;
      }
    }
    row++;
  }
  return {
    rows: row,
    bad,
    columns: kinds.map((kind, c) => ({
      kind,
      values: row === capacity ? values[c] : values[c].slice(0, row),
      dictionary: dicts[c]?.values,
    })),
  };
}

function fieldEnd(buf, p, end) {
  if (buf[p] === QUOTE) return quoted(buf, p, end)[1];
  while (p < end && buf[p] !== COMMA && buf[p] !== LF && buf[p] !== CR) p++;
  return p;
}

function quoted(buf, p, end) {
  let q = p + 1;
  let text = '';
  let from = q;
  for (;;) {
    if (q >= end) throw new RowError('unterminated quoted field');
    if (buf[q] === QUOTE) {
      if (buf[q + 1] === QUOTE) {
        text += buf.toString('utf8', from, q + 1);
        q += 2;
        from = q;
        continue;
      }
      text += buf.toString('utf8', from, q);
      return [text.trim(), q + 1];
    }
    q++;
  }
}

function rowProblem(firstLine, row, found, width) {
  return `line ${firstLine + row} (approx.): expected ${width} fields, found ${found === width + 1 ? 'more' : found}`;
}

/** Whole file, one thread. */
export function readCsvColumns(file, options = {}) {
  const buf = readFileSync(file);
  const { header, kinds, dataStart } = sniff(buf, options);
  const parsed = parseRange(buf, dataStart, buf.length, kinds);
  return { header, kinds, ...parsed, buffer: options.keepBuffer ? buf : undefined };
}
