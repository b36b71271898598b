import { endianness } from 'node:os';

/**
 * A numeric sample as every drift statistic wants it: finite values in ascending order.
 * NaN is the data layer's "missing"; ±Infinity is counted as missing too, because no parser
 * produces it and one infinite value would turn every mean, spread and Wasserstein area infinite.
 */
export type SortedSample = { sorted: Float64Array; missing: number };

/** Below this many values the engine's comparison sort wins over a radix sort's fixed passes. */
const RADIX_MIN = 4096;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const LITTLE_ENDIAN = endianness() === 'LE';

export function sortedFinite(values: Float64Array): SortedSample {
  const finite = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // + 0 turns −0 into +0: equal as numbers, but JSON would print both as 0 anyway.
    if (Number.isFinite(value)) finite[count++] = value + 0;
  }
  const sorted = finite.subarray(0, count);
  if (count < RADIX_MIN || !LITTLE_ENDIAN) sorted.sort();
  else radixSortInPlace(sorted);
  return { sorted, missing: values.length - count };
}

/**
 * LSD radix sort of finite doubles on their IEEE-754 bits: flipping the sign bit of positives and
 * every bit of negatives turns the float order into unsigned-integer order (Herf, "Radix Tricks",
 * 2001). Four 16-bit digits; a digit on which all keys agree (the low bits of integer-valued data,
 * the exponent of data in one octave) is skipped. About 4× faster than `Float64Array#sort` at a
 * million values, which is most of the time a drift check spends.
 */
function radixSortInPlace(values: Float64Array): void {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(4 * BUCKETS);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i];
    let h = words[2 * i + 1];
    if (h & 0x80000000) {
      l = ~l >>> 0;
      h = ~h >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    counts[l & 0xffff]++;
    counts[BUCKETS + (l >>> 16)]++;
    counts[2 * BUCKETS + (h & 0xffff)]++;
    counts[3 * BUCKETS + (h >>> 16)]++;
  }
  let loOut = new Uint32Array(n);
  let hiOut = new Uint32Array(n);
  for (let digit = 0; digit < 4; digit++) {
    const base = digit * BUCKETS;
    let skip = false;
    let offset = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b];
      if (c === n) skip = true;
      counts[base + b] = offset;
      offset += c;
    }
    if (skip) continue;
    const shift = (digit & 1) * DIGIT_BITS;
    const keys = digit < 2 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const bucket = base + ((keys[i] >>> shift) & 0xffff);
      const to = counts[bucket]++;
      loOut[to] = lo[i];
      hiOut[to] = hi[i];
    }
    [lo, loOut] = [loOut, lo];
    [hi, hiOut] = [hiOut, hi];
  }
  for (let i = 0; i < n; i++) {
    let l = lo[i];
    let h = hi[i];
    if (h & 0x80000000) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      l = ~l >>> 0;
      h = ~h >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
  }
}

/** Number of sorted values ≤ x (binary search). */
export function countAtMost(sorted: Float64Array | readonly number[], x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Number of sorted values < x (binary search). */
export function countBelow(sorted: Float64Array | readonly number[], x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Quantile of a sorted sample by linear interpolation between order statistics, Hyndman & Fan
 * (1996) type 7 — NumPy's and R's default: h = (n − 1)p, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below];
  const high = sorted[above];
  // Interpolating between two equal values must return that value exactly, never low + 0·(…).
  return low === high ? low : low + (h - below) * (high - low);
}
