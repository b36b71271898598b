import { endianness } from 'node:os';

/**
 * Ascending sort of a Float64Array (without NaN) by LSD radix sort on the IEEE-754 bits.
 * `Float64Array.prototype.sort` took ~105 ms of CPU per million random doubles here, a sixth
 * of the whole ingest of a ten-numeric-column file; this takes ~45 ms. Digits that are equal
 * for every value (common: integer-valued doubles leave the low word zero) are skipped.
 */
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;
/** Three 11-bit digits per 32-bit word (the last has 10 bits): small tables stay in cache. */
const SHIFTS = [0, DIGIT_BITS, 2 * DIGIT_BITS];
const SMALL = 512;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The radix sort's second buffer, kept by a caller that sorts several columns in a row (a table's
 * number columns): a fresh buffer of megabytes costs a page fault per 4 KB on first touch, more
 * than the sort's own passes over it, and one buffer reused serves every column.
 */
export class SortScratch {
  private words = new Uint32Array(0);

  /** At least `size` words; the contents are not kept. */
  take(size: number): Uint32Array {
    if (this.words.length < size) this.words = new Uint32Array(size);
    return this.words;
  }
}

export function sortFloat64(values: Float64Array, scratch: SortScratch = new SortScratch()): Float64Array {
  const n = values.length;
  if (n < SMALL || !LITTLE_ENDIAN) return values.sort();
  if (sortFewDistinct(values)) return values;
  // Sorted in place as (low word, high word) pairs, one spare buffer of the same size beside them.
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const counts = new Uint32Array(BUCKETS * 6);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i];
    let h = words[2 * i + 1];
    // Order-preserving map from doubles to unsigned integers: negatives reversed, below positives.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
    counts[l & MASK]++;
    counts[BUCKETS + ((l >>> DIGIT_BITS) & MASK)]++;
    counts[2 * BUCKETS + (l >>> (2 * DIGIT_BITS))]++;
    counts[3 * BUCKETS + (h & MASK)]++;
    counts[4 * BUCKETS + ((h >>> DIGIT_BITS) & MASK)]++;
    counts[5 * BUCKETS + (h >>> (2 * DIGIT_BITS))]++;
  }
  let from = words;
  let to = scratch.take(2 * n);
  const offsets = new Uint32Array(BUCKETS);
  for (let digit = 0; digit < 6; digit++) {
    const base = digit * BUCKETS;
    const half = digit >= 3 ? 1 : 0;
    const shift = SHIFTS[digit % 3];
    const firstKey = (from[half] >>> shift) & MASK;
    if (counts[base + firstKey] === n) continue;
    let running = 0;
    for (let b = 0; b < BUCKETS; b++) {
      offsets[b] = running;
      running += counts[base + b];
    }
    for (let i = 0; i < n; i++) {
      const l = from[2 * i];
      const h = from[2 * i + 1];
      const position = 2 * offsets[((half === 1 ? h : l) >>> shift) & MASK]++;
      to[position] = l;
      to[position + 1] = h;
    }
    [from, to] = [to, from];
  }
  if (from !== words) words.set(from.subarray(0, 2 * n));
  for (let i = 0; i < n; i++) {
    const l = words[2 * i];
    const h = words[2 * i + 1];
    if (h & 0x80000000) {
      words[2 * i + 1] = h & 0x7fffffff;
    } else {
      words[2 * i] = ~l >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
  return values;
}

/** A column with at most this many distinct values is sorted by counting them. */
const FEW_DISTINCT = 4096;
const TABLE_BITS = 13;
const TABLE_SIZE = 1 << TABLE_BITS;

/**
 * Sorts in place by counting each distinct value in a hash table keyed by its bits, then writing
 * the runs out in order: one pass over the data instead of the radix sort's several, and most
 * columns of tabular data (ages, counts, terms, amounts in steps, 0/1 flags) hold a few hundred
 * distinct values. Gives up (false, values untouched) at the first value past FEW_DISTINCT,
 * usually early in a column of measurements. Keys are compared by bits, so −0 stays apart from 0
 * and comes before it, as the other sorts place it.
 */
function sortFewDistinct(values: Float64Array): boolean {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const keyLo = new Uint32Array(TABLE_SIZE);
  const keyHi = new Uint32Array(TABLE_SIZE);
  const counts = new Uint32Array(TABLE_SIZE);
  const mask = TABLE_SIZE - 1;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    let slot = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> (32 - TABLE_BITS);
    for (;;) {
      const count = counts[slot];
      if (count === 0) {
        if (distinct === FEW_DISTINCT) return false;
        distinct++;
        keyLo[slot] = lo;
        keyHi[slot] = hi;
        counts[slot] = 1;
        break;
      }
      if (keyLo[slot] === lo && keyHi[slot] === hi) {
        counts[slot] = count + 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const keys = new Float64Array(distinct);
  const keyWords = new Uint32Array(keys.buffer);
  const runs = new Uint32Array(distinct);
  let k = 0;
  for (let slot = 0; slot < TABLE_SIZE; slot++) {
    if (counts[slot] === 0) continue;
    keyWords[2 * k] = keyLo[slot];
    keyWords[2 * k + 1] = keyHi[slot];
    runs[k++] = slot;
  }
  const order = Array.from({ length: distinct }, (_, j) => j).sort(
    (a, b) => keys[a] - keys[b] || (Object.is(keys[a], -0) ? -1 : Object.is(keys[b], -0) ? 1 : 0),
  );
  let at = 0;
  for (const j of order) {
    values.fill(keys[j], at, at + counts[runs[j]]);
    at += counts[runs[j]];
  }
  return true;
}
