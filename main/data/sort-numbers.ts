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

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
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
    lo[i] = l;
    hi[i] = h;
    counts[l & MASK]++;
    counts[BUCKETS + ((l >>> DIGIT_BITS) & MASK)]++;
    counts[2 * BUCKETS + (l >>> (2 * DIGIT_BITS))]++;
    counts[3 * BUCKETS + (h & MASK)]++;
    counts[4 * BUCKETS + ((h >>> DIGIT_BITS) & MASK)]++;
    counts[5 * BUCKETS + (h >>> (2 * DIGIT_BITS))]++;
  }
  let spareLo = new Uint32Array(n);
  let spareHi = new Uint32Array(n);
  for (let digit = 0; digit < 6; digit++) {
    const base = digit * BUCKETS;
    const fromHigh = digit >= 3;
    const shift = SHIFTS[digit % 3];
    const firstKey = ((fromHigh ? hi[0] : lo[0]) >>> shift) & MASK;
    if (counts[base + firstKey] === n) continue;
    const offsets = new Uint32Array(BUCKETS);
    let running = 0;
    for (let b = 0; b < BUCKETS; b++) {
      offsets[b] = running;
      running += counts[base + b];
    }
    const keys = fromHigh ? hi : lo;
    for (let i = 0; i < n; i++) {
      const position = offsets[(keys[i] >>> shift) & MASK]++;
      spareLo[position] = lo[i];
      spareHi[position] = hi[i];
    }
    [lo, spareLo] = [spareLo, lo];
    [hi, spareHi] = [spareHi, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i] = lo[i];
      words[2 * i + 1] = h & 0x7fffffff;
    } else {
      words[2 * i] = ~lo[i] >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
  return values;
}
