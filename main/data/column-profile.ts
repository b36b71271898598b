import type { DecimalMark } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { numberParser } from './cell-values.js';
import type { MergedColumn } from './column-accumulator.js';
import { numberColumnType, textColumnType } from './column-type.js';
import {
  chooseDateFormat,
  type DateFormat,
  type DateFormatChoice,
  dateFormatsReading,
  nearDateFormat,
  parseDate,
} from './date-formats.js';
import type { CategoricalSummary, ColumnProfile, DateSummary, Histogram, NumericSummary } from './types.js';

const QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
const HISTOGRAM_BINS = 20;
/** Integer columns with at most this range get one bin per value, which reads better. */
const MAX_UNIT_BINS = 30;
const TOP_CATEGORIES = 50;

/**
 * How a column's dates are to be read: `given`, when the user named a format for this column,
 * replaces inference and every value must parse in it (e.g. US dates whose days are all ≤ 12,
 * which inference cannot tell from European ones); otherwise `chooseDateFormat` decides.
 */
export type ColumnDates = DateFormatChoice & { given?: DateFormat };

/** Turns a column's merged partials into its profile. */
export function buildColumnProfile(
  name: string,
  column: MergedColumn,
  dates: ColumnDates,
  decimal: DecimalMark = '.',
): ColumnProfile {
  if (dates.given !== undefined)
    checkGivenDateFormat(name, column, { format: dates.given, file: dates.file });
  if (column.numbers !== null)
    return numberColumnProfile(name, column.missing, column.numbers, column.allInteger);
  const profile = textColumnProfile(name, column.missing, column.counts ?? new Map(), dates);
  if (profile.type !== 'date') {
    const near = nearNumbers(column.counts ?? new Map(), profile.count, numberParser(decimal));
    if (near !== null) profile.almostNumeric = near;
  }
  return profile;
}

/** At most this share of a column's cells may be text for it to read as "numbers with a few typos". */
const ALMOST_NUMERIC_SHARE = 0.01;
const ALMOST_NUMERIC_EXAMPLES = 5;

/**
 * The cells that keep a text column from being numbers, when nearly all of them are numbers;
 * null otherwise. Stops as soon as too many are not, so a category column costs a look or two.
 */
function nearNumbers(
  counts: Map<string, number>,
  count: number,
  parse: (text: string) => number,
): { notNumbers: number; values: string[] } | null {
  const allowed = Math.floor(count * ALMOST_NUMERIC_SHARE);
  let notNumbers = 0;
  const values: string[] = [];
  for (const [text, n] of counts) {
    if (!Number.isNaN(parse(text))) continue;
    notNumbers += n;
    if (notNumbers > allowed) return null;
    if (values.length < ALMOST_NUMERIC_EXAMPLES) values.push(text);
  }
  return notNumbers === 0 ? null : { notNumbers, values };
}

function checkGivenDateFormat(
  name: string,
  column: MergedColumn,
  given: { format: DateFormat; file: string },
): void {
  const values =
    column.numbers !== null ? [...new Set(column.numbers)].map(String) : [...(column.counts?.keys() ?? [])];
  const unparsed = values.filter((value) => Number.isNaN(parseDate(value, given.format)));
  if (unparsed.length === 0) return;
  throw new PodiumError(
    'DATA_INVALID',
    `${given.file}: column "${name}" was given the date format ${given.format}, but ${unparsed.length} value${unparsed.length === 1 ? ' does' : 's do'} not parse in it: ${unparsed
      .slice(0, 5)
      .map((value) => JSON.stringify(value))
      .join(', ')}`,
    { file: given.file, column: name, format: given.format, unparsed: unparsed.slice(0, 5) },
  );
}

function numberColumnProfile(
  name: string,
  missing: number,
  sorted: Float64Array,
  allInteger: boolean,
): ColumnProfile {
  const count = sorted.length;
  const distinct = countDistinctSorted(sorted);
  const min = count === 0 ? Number.NaN : sorted[0];
  const max = count === 0 ? Number.NaN : sorted[count - 1];
  const type = numberColumnType({ name, count, distinct, allInteger, min, max });
  const profile: ColumnProfile = { name, type, count, missing, distinct };
  if (count > 0) profile.numeric = numericSummary(sorted, allInteger);
  if (type === 'binary') {
    const high = sorted[count - 1];
    const highCount = count - sorted.indexOf(high);
    profile.levels = [String(min), String(high)];
    profile.categorical = topOf(
      new Map([
        [String(min), count - highCount],
        [String(high), highCount],
      ]),
    );
  }
  return profile;
}

function textColumnProfile(
  name: string,
  missing: number,
  counts: Map<string, number>,
  dates: ColumnDates,
): ColumnProfile {
  let count = 0;
  for (const n of counts.values()) count += n;
  const format =
    count === 0
      ? null
      : (dates.given ?? chooseDateFormat(name, counts.keys(), dateFormatsReading(counts.keys()), dates));
  const type = textColumnType({ name, count, counts, isDate: format !== null });
  const profile: ColumnProfile = { name, type, count, missing, distinct: counts.size };
  if (format !== null) {
    profile.date = dateSummary(counts.keys(), format);
    return profile;
  }
  if (type === 'binary') {
    const levels = [...counts.keys()].sort(compareText);
    profile.levels = [levels[0], levels[1]];
    profile.categorical = topOf(counts);
  } else if (type === 'category' || type === 'text') {
    profile.categorical = topOf(counts);
  }
  const near = count > 0 ? nearDateFormat(counts.keys()) : null;
  if (near !== null) profile.almostDate = near;
  return profile;
}

export function numericSummary(sorted: Float64Array, allInteger: boolean): NumericSummary {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  let mean = sum / n;
  // Values near ±1.8e308 overflow a plain sum; then each term is divided first (slower, rarer).
  if (!Number.isFinite(mean)) {
    mean = 0;
    for (let i = 0; i < n; i++) mean += sorted[i] / n;
  }
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    squares += d * d;
  }
  let std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  if (!Number.isFinite(std)) {
    // Scaled by the largest magnitude so no square overflows.
    const scale = Math.max(Math.abs(sorted[0]), Math.abs(sorted[n - 1]));
    let scaled = 0;
    for (let i = 0; i < n; i++) scaled += (sorted[i] / scale - mean / scale) ** 2;
    std = Math.sqrt(scaled / (n - 1)) * scale;
  }
  const quantiles: Record<string, number> = {};
  for (const q of QUANTILES) quantiles[`p${Math.round(q * 100)}`] = quantileSorted(sorted, q);
  return {
    mean,
    // Sample standard deviation (n − 1), as pandas' describe() reports it.
    std,
    min: sorted[0],
    max: sorted[n - 1],
    quantiles,
    histogram: histogram(sorted, allInteger),
  };
}

/** Linear interpolation between closest ranks (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  if (low === high) return sorted[low];
  const fraction = position - low;
  const value = sorted[low] + (sorted[high] - sorted[low]) * fraction;
  // The difference of two huge values of opposite sign overflows; the weighted form does not.
  return Number.isFinite(value) ? value : sorted[low] * (1 - fraction) + sorted[high] * fraction;
}

function histogram(sorted: Float64Array, allInteger: boolean): Histogram {
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  let edges: number[];
  if (allInteger && max - min <= MAX_UNIT_BINS) {
    edges = Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  } else if (min === max) {
    edges = [min - 0.5, min + 0.5];
  } else {
    const width = (max - min) / HISTOGRAM_BINS;
    // Rounded so edges read 0.1924, not 0.19240000000000002; the ends stay exact. Where the
    // range itself overflows (±1e308), edges are weighted averages of the ends instead.
    const edge = Number.isFinite(width)
      ? (i: number) => min + i * width
      : (i: number) => min * (1 - i / HISTOGRAM_BINS) + max * (i / HISTOGRAM_BINS);
    edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) =>
      i === 0 ? min : i === HISTOGRAM_BINS ? max : Number(edge(i).toPrecision(12)),
    );
  }
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const low = edges[0];
  // Halved so that neither the range nor a value's distance from the low edge overflows.
  const halfWidth = (edges[bins] / 2 - low / 2) / bins;
  for (let i = 0; i < n; i++) {
    const bin = Math.floor((sorted[i] / 2 - low / 2) / halfWidth);
    counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin]++;
  }
  return { edges, counts };
}

function dateSummary(values: Iterable<string>, format: DateFormat): DateSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    const time = parseDate(value, format);
    if (time < min) min = time;
    if (time > max) max = time;
  }
  return { min: new Date(min).toISOString(), max: new Date(max).toISOString(), format };
}

function countDistinctSorted(sorted: Float64Array): number {
  if (sorted.length === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

function topOf(counts: Map<string, number>): CategoricalSummary {
  let entries = [...counts.entries()];
  if (entries.length > TOP_CATEGORIES * 4) {
    // Free-text columns can hold a million distinct values; sort only the contenders.
    const sortedCounts = Float64Array.from(counts.values()).sort();
    const threshold = sortedCounts[sortedCounts.length - TOP_CATEGORIES];
    entries = entries.filter(([, count]) => count >= threshold);
  }
  entries.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return { top: entries.slice(0, TOP_CATEGORIES).map(([value, count]) => ({ value, count })) };
}

/** Code-unit order, not locale order, so levels are the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
