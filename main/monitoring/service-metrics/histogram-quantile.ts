/** One cumulative histogram bucket: observations ≤ upperBound (the last one is +Inf). */
export type Bucket = { upperBound: number; count: number };

/**
 * The q-quantile of a cumulative histogram, computed exactly as Prometheus's
 * `histogram_quantile` does (promql/quantile.go, bucketQuantile), so the figures in Podium and in
 * a Grafana panel agree: linear interpolation inside the bucket the rank falls in, the lowest
 * bucket starting at 0, and the highest finite bound returned when the rank lands in +Inf.
 * NaN means "no answer" (no observations, no +Inf bucket, fewer than two buckets).
 */
export function histogramQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1].upperBound !== Number.POSITIVE_INFINITY) {
    return Number.NaN;
  }
  const buckets = ensureMonotonic(coalesce(sorted));
  if (buckets.length < 2) return Number.NaN;
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  // Prometheus searches all buckets but +Inf for the first whose count reaches the rank.
  let b = buckets.findIndex((bucket, i) => i < buckets.length - 1 && bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2].upperBound;
  if (b === 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Buckets with the same bound (one series scraped twice, say) count as one. */
function coalesce(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const bucket of sorted) {
    const last = out[out.length - 1];
    if (last && last.upperBound === bucket.upperBound) last.count += bucket.count;
    else out.push({ ...bucket });
  }
  return out;
}

/**
 * Scrapes are not atomic across buckets, so a higher bucket can read lower than the one below
 * it; Prometheus raises such counts to the running maximum rather than return nonsense.
 */
function ensureMonotonic(buckets: Bucket[]): Bucket[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const bucket of buckets) {
    if (bucket.count > max) max = bucket.count;
    else bucket.count = max;
  }
  return buckets;
}

/** p50/p95/p99 in seconds, null where the histogram gives no answer (no requests). */
export function latencyQuantiles(buckets: readonly Bucket[]): {
  p50: number | null;
  p95: number | null;
  p99: number | null;
} {
  const at = (q: number) => {
    const value = histogramQuantile(q, buckets);
    return Number.isFinite(value) ? value : null;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
