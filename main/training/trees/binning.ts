import type { EncodedMatrix } from '../types.js';

/**
 * Histogram trees never look at raw values: every feature becomes a bin index (a byte) once,
 * and a split is "bin ≤ t" or "bin in a set". Numeric features get up to max_bins quantile
 * bins; a categorical feature's bin is its category index (indices above 255 share bin 255,
 * which only matters for a category with more than 255 values). Prediction bins new rows with
 * the same edges, so training and serving agree exactly.
 */
export const MAX_BINS = 256;

export type Binning = {
  /** Per numeric feature, increasing edges: bin b holds values in (edges[b-1], edges[b]]. */
  edges: Float32Array[];
  categoricalCardinalities: number[];
};

export type BinnedMatrix = {
  rows: number;
  /** Numeric features first, then categorical ones; one byte per row each. */
  bins: Uint8Array[];
  /** Bins per feature. */
  binCounts: Int32Array;
  /** 1 for a categorical feature. */
  categorical: Uint8Array;
};

export function fitBinning(x: EncodedMatrix, maxBins: number): Binning {
  const edges: Float32Array[] = [];
  const column = new Float32Array(x.rows);
  for (let j = 0; j < x.numericWidth; j++) {
    for (let r = 0; r < x.rows; r++) column[r] = x.numeric[r * x.numericWidth + j];
    edges.push(columnEdges(column.slice().sort(), Math.min(maxBins, MAX_BINS - 1)));
  }
  return { edges, categoricalCardinalities: [...x.categoricalCardinalities] };
}

function columnEdges(sorted: Float32Array, maxBins: number): Float32Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    if (distinct.length > maxBins) break;
  }
  if (distinct.length <= maxBins) {
    // Few values: one bin each, cut halfway between neighbours (as scikit-learn does).
    const edges = new Float32Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < edges.length; i++) {
      const low = distinct[i];
      const mid = Math.fround((low + distinct[i + 1]) / 2);
      edges[i] = mid >= low && mid < distinct[i + 1] ? mid : low;
    }
    return edges;
  }
  const edges: number[] = [];
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    const value = sorted[Math.min(n - 1, Math.floor((k * n) / maxBins))];
    // The last value of a bin is itself an edge, so a tie never straddles two bins.
    if ((edges.length === 0 || value > edges[edges.length - 1]) && value < sorted[n - 1]) edges.push(value);
  }
  return Float32Array.from(edges);
}

export function binMatrix(binning: Binning, x: EncodedMatrix): BinnedMatrix {
  const numericCount = binning.edges.length;
  const features = numericCount + binning.categoricalCardinalities.length;
  const bins: Uint8Array[] = [];
  const binCounts = new Int32Array(features);
  const categorical = new Uint8Array(features);
  for (let j = 0; j < numericCount; j++) {
    const edges = binning.edges[j];
    const out = new Uint8Array(x.rows);
    for (let r = 0; r < x.rows; r++) out[r] = binOf(edges, x.numeric[r * x.numericWidth + j]);
    bins.push(out);
    binCounts[j] = edges.length + 1;
  }
  binning.categoricalCardinalities.forEach((cardinality, c) => {
    const codes = x.categorical[c];
    const out = new Uint8Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      const code = codes[r];
      out[r] = code <= 0 ? 0 : code >= MAX_BINS ? MAX_BINS - 1 : code;
    }
    bins.push(out);
    binCounts[numericCount + c] = Math.min(MAX_BINS, Math.max(1, cardinality));
    categorical[numericCount + c] = 1;
  });
  return { rows: x.rows, bins, binCounts, categorical };
}

/**
 * The same bins as `binMatrix`, row-major (`rows × features`, numeric features first): how a
 * large batch is scored, each row's bins side by side for the compiled trees.
 */
export function binRows(binning: Binning, x: EncodedMatrix): Uint8Array {
  const numericCount = binning.edges.length;
  const features = numericCount + binning.categoricalCardinalities.length;
  const out = new Uint8Array(x.rows * features);
  for (let j = 0; j < numericCount; j++) {
    const edges = binning.edges[j];
    for (let r = 0; r < x.rows; r++) out[r * features + j] = binOf(edges, x.numeric[r * x.numericWidth + j]);
  }
  for (let c = 0; c < binning.categoricalCardinalities.length; c++) {
    const codes = x.categorical[c];
    const j = numericCount + c;
    for (let r = 0; r < x.rows; r++) {
      const code = codes[r];
      out[r * features + j] = code <= 0 ? 0 : code >= MAX_BINS ? MAX_BINS - 1 : code;
    }
  }
  return out;
}

/** The first bin whose upper edge is ≥ value (binary search; at most 8 steps). */
function binOf(edges: Float32Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (value <= edges[mid]) high = mid;
    else low = mid + 1;
  }
  return low;
}
