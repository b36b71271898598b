const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Where each record of a segment lies in its bytes, as [start, end) pairs, when that can be read
 * off the line feeds alone: no quote and no carriage return anywhere in the segment, so every
 * non-empty line is one record whose fields are its text cut at the separator. Batch prediction
 * then copies an input row's own bytes into the output instead of joining and re-encoding its
 * fields; for such a row csv-stringify would write exactly those bytes (no field holds a
 * separator, quote or line break). Null when the segment holds a quote or carriage return.
 */
export function rawLineRanges(bytes: Buffer): Int32Array | null {
  if (bytes.indexOf(QUOTE) !== -1 || bytes.indexOf(CR) !== -1) return null;
  let lineFeeds = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) lineFeeds++;
  const ranges = new Int32Array((lineFeeds + 1) * 2);
  let count = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      ranges[count++] = start;
      ranges[count++] = end;
    }
    start = end + 1;
  }
  return ranges.subarray(0, count);
}
