import type { ColumnType } from './types.js';

/**
 * Rules that turn what a pass saw in a column into its type. They are heuristics, written
 * down in one place so the thresholds can be read and argued about together.
 */

/** Fewer distinct values than this always make a text column a category. */
const SMALL_CATEGORY = 50;
/** Above this many distinct values a text column is free text, not a category. */
const LARGE_CATEGORY = 1000;
/** Unique values only make an id when there are at least this many rows, or the name says so. */
const MIN_ID_ROWS = 20;
const MAX_ID_LENGTH = 64;
/** Mean length above which values read as prose rather than labels. */
const PROSE_LENGTH = 40;

const ID_WORDS = new Set(['id', 'uuid', 'guid', 'key']);

/** "customer_id", "CustomerID", "customerId", "id", "uuid" … */
export function nameSuggestsId(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
  if (words.length === 0) return false;
  return ID_WORDS.has(words[0]) || ID_WORDS.has(words[words.length - 1]);
}

export type NumberFacts = {
  name: string;
  count: number;
  distinct: number;
  allInteger: boolean;
  min: number;
  max: number;
};

export function numberColumnType(facts: NumberFacts): ColumnType {
  const { name, count, distinct, allInteger, min, max } = facts;
  if (count === 0) return 'text';
  if (distinct === 2) return 'binary';
  if (allInteger && distinct === count && count >= 2 && min >= 0) {
    // Unique integers are ids when named so, or when they nearly fill their range (1, 2, 3 …);
    // unique measurements (incomes in a small file) spread out far more.
    const dense = count >= MIN_ID_ROWS && max - min + 1 <= 1.1 * count;
    if (nameSuggestsId(name) || dense) return 'id';
  }
  return allInteger ? 'integer' : 'numeric';
}

export type TextFacts = {
  name: string;
  count: number;
  counts: Map<string, number>;
  isDate: boolean;
};

export function textColumnType(facts: TextFacts): ColumnType {
  const { name, count, counts, isDate } = facts;
  const distinct = counts.size;
  if (count === 0) return 'text';
  if (isDate) return 'date';
  if (distinct === 2) return 'binary';
  let totalLength = 0;
  let maxLength = 0;
  let hasSpace = false;
  for (const value of counts.keys()) {
    totalLength += value.length;
    if (value.length > maxLength) maxLength = value.length;
    if (!hasSpace && /\s/.test(value)) hasSpace = true;
  }
  const unique = distinct === count;
  if (unique && !hasSpace && maxLength <= MAX_ID_LENGTH && (count >= MIN_ID_ROWS || nameSuggestsId(name))) {
    return 'id';
  }
  const prose = totalLength / distinct > PROSE_LENGTH;
  const fewValues = distinct <= SMALL_CATEGORY || (distinct <= LARGE_CATEGORY && distinct * 2 <= count);
  return !prose && fewValues ? 'category' : 'text';
}
