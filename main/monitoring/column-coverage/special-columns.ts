import { MS_PER_DAY } from '../../data/columnar/index.js';
import { type ColumnCells, countMissing } from '../data-quality/index.js';
import { formatCount, formatShare, quote } from '../drift/format.js';
import type { FeatureDrift } from '../drift/index.js';
import type { TrainingColumn } from './training-columns.js';

/** Current dates outside the training window beyond this share make the range check a drift. */
export const DATE_OUTSIDE_ALLOWED = 0.01;
/** Current ids may repeat this much more often than in training before uniqueness counts as lost. */
export const DUPLICATE_SHARE_MARGIN = 0.01;

/**
 * The rule of three: after N training values that were all the same (or all missing), the rate
 * at which the data could produce anything else is below 3/N with 95% confidence. A larger share
 * in the current data is more than training could have hidden.
 */
export function ruleOfThree(n: number): number {
  return Math.min(1, 3 / Math.max(1, n));
}

/**
 * A column with one value in training. PSI, KS and Wasserstein against a point mass say only
 * "different", and the Wasserstein distance cannot be normalised by a zero spread; the plain
 * statistic is the share of current values that differ from the training constant.
 */
export function constantColumnVerdict(
  feature: FeatureDrift,
  column: TrainingColumn,
  training: ColumnCells,
  current: ColumnCells | null,
): FeatureDrift {
  const constant = firstValue(training);
  if (current === null || constant === null || feature.decidedBy === 'schema') return feature;
  const { filled, differing, examples } = differingFrom(current, constant);
  if (filled === 0) return feature;
  const share = differing / filled;
  const threshold = ruleOfThree(column.present);
  const was = `Constant in training (all ${formatCount(column.present)} values ${quote(String(constant))})`;
  const status = differing === 0 ? 'ok' : share > threshold ? 'drift' : 'warning';
  const reason =
    differing === 0
      ? `${was} and still constant: none of ${formatCount(filled)} current values differs.`
      : `${was}, but ${formatShare(share)} of ${formatCount(filled)} current values differ (e.g. ${examples.map(quote).join(', ')}) ${share > threshold ? '>' : '≤'} ${formatShare(threshold)} = 3/${formatCount(column.present)}, the rule-of-three bound on how often training could have held another value without showing one (95%). PSI, KS and Wasserstein are not used: against a single value they only say "different".`;
  return {
    ...feature,
    status,
    reason,
    decidedBy: 'effect_size',
    statistics: {
      ...feature.statistics,
      constant_differs_share: share,
      constant_differs_threshold: threshold,
    },
  };
}

/** A column with no value in training that may have values now: the share of rows that do. */
export function emptyColumnVerdict(
  feature: FeatureDrift,
  trainingRows: number,
  current: ColumnCells | null,
): FeatureDrift {
  if (current === null || current.rows === 0 || feature.decidedBy === 'schema') return feature;
  const filled = current.rows - countMissing(current);
  const share = filled / current.rows;
  const threshold = ruleOfThree(trainingRows);
  const was = `Empty in training (all ${formatCount(trainingRows)} rows missing)`;
  return {
    ...feature,
    status: filled === 0 ? 'ok' : share > threshold ? 'drift' : 'warning',
    reason:
      filled === 0
        ? `${was} and still empty in all ${formatCount(current.rows)} current rows.`
        : `${was}, but ${formatShare(share)} of ${formatCount(current.rows)} current rows have a value ${share > threshold ? '>' : '≤'} ${formatShare(threshold)} = 3/${formatCount(trainingRows)}, the rule-of-three bound (95%).`,
    decidedBy: 'effect_size',
    nCurrent: filled,
    missingCurrent: current.rows - filled,
    statistics: { ...feature.statistics, filled_share: share, filled_threshold: threshold },
  };
}

/**
 * An id-like column: every new row brings new ids by design, so its distribution always "drifts"
 * and says nothing. What an id promises is uniqueness; the check is the share of current values
 * that repeat another one, against training's.
 */
export function idColumnVerdict(
  feature: FeatureDrift,
  column: TrainingColumn,
  current: ColumnCells | null,
): FeatureDrift {
  if (current === null || feature.decidedBy === 'schema') return feature;
  const { filled, distinct } = distinctCount(current);
  if (filled === 0) return feature;
  const share = 1 - distinct / filled;
  const reference = 1 - column.distinct / column.present;
  const threshold = reference + DUPLICATE_SHARE_MARGIN;
  const drift = share > threshold;
  return {
    ...feature,
    status: drift ? 'drift' : 'ok',
    reason: `Id-like in training (${formatCount(column.distinct)} distinct of ${formatCount(column.present)} values), so compared by uniqueness, not by distribution (new rows bring new ids by design): ${formatShare(share)} of ${formatCount(filled)} current values repeat another ${drift ? '>' : '≤'} ${formatShare(threshold)} (training ${formatShare(reference)} + ${formatShare(DUPLICATE_SHARE_MARGIN)}).`,
    decidedBy: 'effect_size',
    // Distribution distances (PSI, JS, χ², KS) of ids measure only that ids are new: left out, not shown as effect sizes.
    statistics: {
      ...pick(feature.statistics, [
        'unseen_share',
        'missing_share',
        'missing_share_reference',
        'type_mismatches',
      ]),
      duplicate_share: share,
      duplicate_share_reference: reference,
    },
  };
}

/**
 * A date column: later data is later by construction, so a distribution test would always call it
 * drift. What matters is whether the current rows fall inside the window the model was trained on.
 */
export function dateRangeCheck(
  column: TrainingColumn,
  training: ColumnCells,
  current: ColumnCells | null,
): FeatureDrift {
  const days = training.numbers ?? new Float64Array(0);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    if (day < first) first = day;
    if (day > last) last = day;
  }
  const base: FeatureDrift = {
    name: column.name,
    kind: 'date',
    usedByModel: column.usedByModel,
    status: 'not_applicable',
    reason: '',
    decidedBy: 'none',
    nReference: column.present,
    nCurrent: 0,
    missingCurrent: current?.rows ?? 0,
    statistics: {},
    histograms: { edges: [], reference: [], current: [] },
  };
  if (first > last) return { ...base, reason: 'No training dates: the column was empty in training.' };
  if (current === null) {
    return { ...base, reason: 'The column is absent from the current data, so there is nothing to compare.' };
  }
  // A missing day (NaN) is neither before nor after; the reader already counted the missing ones.
  const currentDays = current.numbers ?? new Float64Array(0);
  const filled = current.numbers ? currentDays.length - countMissing(current) : 0;
  let before = 0;
  let after = 0;
  for (let i = 0; i < currentDays.length; i++) {
    const day = currentDays[i];
    if (day < first) before++;
    else if (day > last) after++;
  }
  const window: [string, string] = [isoDay(first), isoDay(last)];
  if (filled === 0) {
    return {
      ...base,
      missingCurrent: current.rows,
      reason: `No current dates: all ${formatCount(current.rows)} current rows are missing or unreadable.`,
    };
  }
  const outside = (before + after) / filled;
  const drift = outside > DATE_OUTSIDE_ALLOWED;
  const parts = [
    after > 0 ? `${formatShare(after / filled)} after ${window[1]}` : '',
    before > 0 ? `${formatShare(before / filled)} before ${window[0]}` : '',
  ].filter(Boolean);
  return {
    ...base,
    status: drift ? 'drift' : 'ok',
    decidedBy: 'effect_size',
    nCurrent: filled,
    missingCurrent: current.rows - filled,
    statistics: { outside_share: outside },
    rangeCheck: { outsideShare: outside, window },
    reason: `Range check, not a distribution test (later data is later by design): ${formatShare(outside)} of ${formatCount(filled)} current dates lie outside the training window ${window[0]} – ${window[1]}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} ${drift ? '>' : '≤'} ${formatShare(DATE_OUTSIDE_ALLOWED)}.`,
  };
}

function pick(
  statistics: FeatureDrift['statistics'],
  keys: (keyof FeatureDrift['statistics'])[],
): FeatureDrift['statistics'] {
  return Object.fromEntries(
    keys.filter((key) => statistics[key] !== undefined).map((key) => [key, statistics[key]]),
  );
}

function isoDay(day: number): string {
  const iso = new Date(day * MS_PER_DAY).toISOString();
  return Number.isInteger(day) ? iso.slice(0, 10) : iso;
}

function firstValue(cells: ColumnCells): number | string | null {
  if (cells.numbers) {
    for (const value of cells.numbers) if (!Number.isNaN(value)) return value;
    return null;
  }
  if (cells.codes && cells.dictionary) {
    for (const code of cells.codes) if (code >= 0) return cells.dictionary[code];
  }
  return null;
}

function differingFrom(
  cells: ColumnCells,
  constant: number | string,
): { filled: number; differing: number; examples: string[] } {
  let filled = 0;
  let differing = 0;
  const examples = new Set<string>();
  const note = (value: string) => {
    differing++;
    if (examples.size < 3) examples.add(value);
  };
  if (cells.numbers) {
    for (const value of cells.numbers) {
      if (Number.isNaN(value)) continue;
      filled++;
      if (value !== constant) note(String(value));
    }
  } else if (cells.codes && cells.dictionary) {
    const dictionary = cells.dictionary;
    for (const code of cells.codes) {
      if (code < 0) continue;
      filled++;
      if (dictionary[code] !== constant) note(dictionary[code]);
    }
  }
  return { filled, differing, examples: [...examples] };
}

function distinctCount(cells: ColumnCells): { filled: number; distinct: number } {
  let filled = 0;
  if (cells.numbers) {
    const seen = new Set<number>();
    for (const value of cells.numbers) {
      if (Number.isNaN(value)) continue;
      filled++;
      seen.add(value);
    }
    return { filled, distinct: seen.size };
  }
  // Dictionary texts are distinct, so the codes in use are the distinct values.
  const used = new Uint8Array(cells.dictionary?.length ?? 0);
  let distinct = 0;
  for (const code of cells.codes ?? []) {
    if (code < 0) continue;
    filled++;
    if (used[code] === 0) {
      used[code] = 1;
      distinct++;
    }
  }
  return { filled, distinct };
}
