import { PodiumError } from '../../contract/errors.js';
import { countAtMost, countBelow, quantileSorted, sortedFinite } from './sorted-sample.js';

/**
 * The reference side of every drift check: a compact, JSON-serialisable summary of a model's
 * training data, stored in the model package as `reference-distribution.json`. It keeps what the
 * statistics need and nothing row-level beyond small samples: a 1,001-point quantile sketch is
 * enough to evaluate KS and Wasserstein against the reference within about 0.1% (the reference
 * CDF between two sketch points is known to within 1/1000), PSI bins keep exact counts.
 */
export const REFERENCE_DISTRIBUTION_FILE = 'reference-distribution.json';
export const REFERENCE_FORMAT = 'podium-reference-distribution';
export const REFERENCE_VERSION = 1;

/** Sketch resolution: quantiles at i/1000, i = 0…1000. */
export const SKETCH_STEPS = 1000;
/** Up to this many values, the sorted values themselves are kept: KS and its exact p-value are then exact. */
export const EXACT_VALUES_MAX = 1000;

export type ColumnKind = 'numeric' | 'categorical';

/** Categories as the columnar reader stores them: a code per row (−1 missing) into a dictionary of texts. */
export type CodedCategories = { codes: Int32Array; dictionary: readonly string[] };

/**
 * A column to profile or to check: numeric = Float64Array with NaN for missing, categorical =
 * strings or null, or dictionary codes (current data read by the columnar reader).
 */
export type DriftColumn = {
  name: string;
  kind: ColumnKind;
  values: Float64Array | readonly (string | null)[] | CodedCategories;
  /** Cells of the current data that did not read as the column's type (counted, read as missing). */
  typeMismatches?: number;
  /** A numeric column's finite values already in ascending order (a reader sorted them once): not sorted again. */
  sortedFinite?: Float64Array;
};

/** Rows of a column, whatever form its values take. */
export function columnLength(column: DriftColumn): number {
  const values = column.values;
  return 'codes' in values ? values.codes.length : values.length;
}

/**
 * A categorical column's values counted: each distinct value with its count, in order of first
 * appearance, and the missing ones. Dictionary codes are counted without making a string per row.
 */
export function categoryCounts(column: DriftColumn): { counts: [string, number][]; missing: number } {
  const values = column.values;
  if (!(values instanceof Float64Array) && 'codes' in values) {
    const perCode = new Float64Array(values.dictionary.length);
    let missing = 0;
    const codes = values.codes;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code < 0) missing++;
      else perCode[code]++;
    }
    // Dictionary order is the order of first appearance, as a Map over the rows would give.
    const counts: [string, number][] = [];
    values.dictionary.forEach((text, code) => {
      if (perCode[code] > 0) counts.push([text, perCode[code]]);
    });
    return { counts, missing };
  }
  const seen = new Map<string, number>();
  let missing = 0;
  for (const value of categoricalValues(column)) {
    if (value === null || value === undefined) missing++;
    else seen.set(value, (seen.get(value) ?? 0) + 1);
  }
  return { counts: [...seen], missing };
}

/** The model's output: numeric for regression scores or probabilities, categorical for classes. */
export type PredictionColumn = Omit<DriftColumn, 'name'> & { name?: string };

export type NumericReference = {
  name: string;
  kind: 'numeric';
  /** Finite values; NaN and ±Infinity count as missing. */
  n: number;
  missing: number;
  mean: number;
  /** Population standard deviation (divisor n), the scale that normalises the Wasserstein distance. */
  std: number;
  min: number;
  max: number;
  /** Type-7 quantiles at i/1000, i = 0…1000 (empty when n = 0). */
  quantiles: number[];
  /** All values in ascending order when n ≤ EXACT_VALUES_MAX. */
  values?: number[];
  /**
   * PSI bins: (−∞, e₁], (e₁, e₂], …, (e_k, +∞) over the distinct reference deciles, with exact
   * reference counts (counts.length = edges.length + 1).
   */
  psi: { edges: number[]; counts: number[] };
  /** Plotting histogram: equal-width bins [a, b) over [min, max], the last one closed. */
  histogram: { edges: number[]; counts: number[] };
};

export type CategoricalReference = {
  name: string;
  kind: 'categorical';
  n: number;
  missing: number;
  /** The most frequent values (at most `topCategories`), most frequent first, ties by value. */
  categories: { value: string; count: number }[];
  /**
   * Everything else, pooled. `values` lists those rarer values' names so that a current value can
   * be told apart as "seen but rare" or "never seen"; `values_complete` is false when the list
   * was capped, and then a value outside both lists cannot be called new.
   */
  other: { count: number; distinct: number; values: string[]; values_complete: boolean };
};

export type FeatureReference = NumericReference | CategoricalReference;

export type ReferenceDistribution = {
  format: typeof REFERENCE_FORMAT;
  version: typeof REFERENCE_VERSION;
  rows: number;
  features: FeatureReference[];
  prediction?: FeatureReference;
};

export type ReferenceOptions = {
  /** PSI bins from reference quantiles (10: deciles). */
  psiBins?: number;
  /** Equal-width bins of the plotting histogram. */
  histogramBins?: number;
  topCategories?: number;
  /** Names of rarer categories kept for the unseen-category check. */
  otherValuesMax?: number;
};

const DEFAULTS: Required<ReferenceOptions> = {
  psiBins: 10,
  histogramBins: 20,
  topCategories: 200,
  otherValuesMax: 5000,
};

export function buildReferenceDistribution(
  columns: readonly DriftColumn[],
  prediction?: PredictionColumn,
  options: ReferenceOptions = {},
): ReferenceDistribution {
  const settings = { ...DEFAULTS, ...options };
  for (const key of Object.keys(DEFAULTS) as (keyof ReferenceOptions)[]) {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new PodiumError('CONFIG_INVALID', `Reference option ${key} must be a positive integer`, {
        field: key,
        value,
      });
    }
  }
  const names = new Set<string>();
  let rows = -1;
  const features = columns.map((column) => {
    if (names.has(column.name)) {
      throw new PodiumError('DATA_INVALID', `Column ${column.name} appears twice`, { column: column.name });
    }
    names.add(column.name);
    if (rows >= 0 && columnLength(column) !== rows) {
      throw new PodiumError(
        'DATA_INVALID',
        `Column ${column.name} has ${columnLength(column)} rows, not ${rows}`,
        {
          column: column.name,
        },
      );
    }
    rows = columnLength(column);
    return buildFeatureReference(column, settings);
  });
  const reference: ReferenceDistribution = {
    format: REFERENCE_FORMAT,
    version: REFERENCE_VERSION,
    rows: Math.max(rows, 0),
    features,
  };
  if (prediction) {
    reference.prediction = buildFeatureReference(
      { ...prediction, name: prediction.name ?? 'prediction' },
      settings,
    );
  }
  return reference;
}

export function buildFeatureReference(
  column: DriftColumn,
  options: Required<ReferenceOptions> = DEFAULTS,
): FeatureReference {
  if (column.kind === 'numeric') return buildNumeric(column.name, numericValues(column), options);
  return buildCategorical(column.name, categoricalValues(column), options);
}

/** Narrows a column's values to its declared kind; a mismatch is a caller's bug, reported by name. */
export function numericValues(column: DriftColumn): Float64Array {
  if (column.values instanceof Float64Array) return column.values;
  throw new PodiumError('DATA_INVALID', `Numeric column ${column.name} must hold a Float64Array`, {
    column: column.name,
  });
}

export function categoricalValues(column: DriftColumn): readonly (string | null)[] {
  if (Array.isArray(column.values)) return column.values as readonly (string | null)[];
  throw new PodiumError('DATA_INVALID', `Categorical column ${column.name} must hold an array of strings`, {
    column: column.name,
  });
}

function buildNumeric(
  name: string,
  values: Float64Array,
  options: Required<ReferenceOptions>,
): NumericReference {
  const { sorted, missing } = sortedFinite(values);
  const n = sorted.length;
  if (n === 0) {
    return {
      name,
      kind: 'numeric',
      n,
      missing,
      mean: 0,
      std: 0,
      min: 0,
      max: 0,
      quantiles: [],
      psi: { edges: [], counts: [0] },
      histogram: { edges: [], counts: [] },
    };
  }
  const min = sorted[0];
  const max = sorted[n - 1];
  // Two passes (mean, then squared deviations) rather than Σx² − n·mean², which cancels badly;
  // on values scaled by the largest magnitude, so sums of values near ±1.8e308 cannot overflow.
  const scale = Math.max(Math.abs(min), Math.abs(max)) || 1;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] / scale;
  const scaledMean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i] / scale - scaledMean) ** 2;
  const mean = scaledMean * scale;
  const quantiles: number[] = [];
  for (let i = 0; i <= SKETCH_STEPS; i++) quantiles.push(quantileSorted(sorted, i / SKETCH_STEPS));
  const reference: NumericReference = {
    name,
    kind: 'numeric',
    n,
    missing,
    mean,
    std: min === max ? 0 : scale * Math.sqrt(squares / n),
    min,
    max,
    quantiles,
    psi: psiBins(sorted, options.psiBins),
    histogram: plottingHistogram(sorted, options.histogramBins),
  };
  if (n <= EXACT_VALUES_MAX) reference.values = Array.from(sorted);
  return reference;
}

/**
 * Quantile bins for PSI. Distinct deciles only, so a heavy value (a zero-inflated amount, a 0/1
 * flag) gets one bin instead of several empty ones. When the lowest edge is the reference minimum
 * itself (an atom at the minimum — always the case for a constant column), the edge just below it
 * is added so that current values below everything seen in training land in their own bin rather
 * than being pooled with the minimum; the top needs no such edge, as (e_k, +∞) already starts above it.
 */
function psiBins(sorted: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  const edges: number[] = [];
  for (let j = 1; j < bins; j++) {
    const edge = quantileSorted(sorted, j / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  if (edges.length === 0 || edges[0] === sorted[0]) edges.unshift(nextDown(sorted[0]));
  return { edges, counts: binCounts(sorted, edges) };
}

/** Counts of a sorted sample in the PSI bins (−∞, e₁], (e₁, e₂], …, (e_k, +∞). */
export function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (const edge of edges) {
    const atMost = countAtMost(sorted, edge);
    counts.push(atMost - previous);
    previous = atMost;
  }
  counts.push(sorted.length - previous);
  return counts;
}

function plottingHistogram(sorted: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  if (min === max) return { edges: [min, max], counts: [sorted.length] };
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(min + ((max - min) * i) / bins);
  edges.push(max);
  return { edges, counts: equalWidthCounts(sorted, edges) };
}

/** Counts in bins [e₀, e₁), …, [e_{k−1}, e_k], the last one closed (NumPy's histogram convention). */
export function equalWidthCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const last = i + 2 === edges.length;
    const upper = last ? countAtMost(sorted, edges[i + 1]) : countBelow(sorted, edges[i + 1]);
    counts.push(upper - countBelow(sorted, edges[i]));
  }
  return counts;
}

/** The largest double below x (x finite). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] += x > 0 ? -1n : 1n;
  return buffer[0];
}

function buildCategorical(
  name: string,
  values: readonly (string | null)[],
  options: Required<ReferenceOptions>,
): CategoricalReference {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of values) {
    if (value === null || value === undefined) missing++;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const top = ranked.slice(0, options.topCategories);
  const rest = ranked.slice(options.topCategories);
  return {
    name,
    kind: 'categorical',
    n: values.length - missing,
    missing,
    categories: top.map(([value, count]) => ({ value, count })),
    other: {
      count: rest.reduce((total, [, count]) => total + count, 0),
      distinct: rest.length,
      values: rest
        .slice(0, options.otherValuesMax)
        .map(([value]) => value)
        .sort(),
      values_complete: rest.length <= options.otherValuesMax,
    },
  };
}
