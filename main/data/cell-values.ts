import type { DecimalMark } from '../contract/csv-dialect.js';

/**
 * How one CSV cell is read, shared by profiling and loading so that a value counted as
 * missing while profiling is also missing in the loaded table.
 */

/**
 * pandas' default `na_values`: analysts' files come from pandas and spreadsheets, and agreeing
 * with pandas keeps a Podium profile comparable with what they see in a notebook. Matched
 * case-sensitively on purpose: "NONE" is a real home-ownership category in credit data.
 */
const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const LONGEST_MISSING_TOKEN = 8;

/** `text` must already be trimmed. */
export function isMissingToken(text: string): boolean {
  return text.length <= LONGEST_MISSING_TOKEN && MISSING_TOKENS.has(text);
}

/**
 * The number a cell holds, or NaN. Stricter than `Number()`: no hex/octal/binary literals,
 * no Infinity, and blank text is not zero. The first-character test keeps the common case
 * (a category or date string) away from the comparatively slow `Number()` conversion.
 */
export function parseNumeric(text: string): number {
  const first = text.charCodeAt(0);
  const startsLikeNumber =
    (first >= 48 && first <= 57) || first === 45 || first === 46 || first === 43 || first === 32;
  if (!startsLikeNumber) return Number.NaN;
  if (first === 48 && text.length > 1) {
    const second = text.charCodeAt(1) | 32;
    if (second === 120 || second === 111 || second === 98) return Number.NaN;
  }
  const value = +text;
  // `value - value` is NaN for ±Infinity and NaN, 0 for finite numbers; blank text is 0 in JS.
  if (value - value !== 0) return Number.NaN;
  if (value === 0 && text.trim() === '') return Number.NaN;
  return value;
}

/** Dots that group thousands before an optional decimal comma: `1.234`, `-12.345.678,9`. */
const THOUSANDS_DOTS = /^\s*[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?(?:[eE][+-]?\d+)?\s*$/;

/**
 * The number a cell written with a decimal comma holds (`3,5`, `1.234,56`, `-0,5`), or NaN; as
 * strict as `parseNumeric` otherwise. A dot only groups thousands, so `3.5` is not a number here.
 */
export function parseDecimalComma(text: string): number {
  if (text.indexOf('.') !== -1) {
    if (!THOUSANDS_DOTS.test(text)) return Number.NaN;
    return parseDecimalComma(text.replaceAll('.', ''));
  }
  const comma = text.indexOf(',');
  return parseNumeric(comma === -1 ? text : `${text.slice(0, comma)}.${text.slice(comma + 1)}`);
}

/** How cells written with this decimal mark are read as numbers. */
export function numberParser(decimal: DecimalMark): (text: string) => number {
  return decimal === ',' ? parseDecimalComma : parseNumeric;
}

/** True when `text` is no number with `decimal` but is one with the other mark (`3.5` in a decimal-comma file). */
export function hasOtherDecimalMark(text: string, decimal: DecimalMark): boolean {
  return !Number.isNaN(numberParser(decimal === ',' ? '.' : ',')(text));
}

/**
 * Reads a binary column's cells as 0/1 against its two profiled levels (sorted). Shared by the
 * table builders and the single-record encoder so a served record is read exactly as the
 * training file was. Levels are canonical text (`0.5`); CSV cells are read with `decimal`, values
 * of a JSON record as JavaScript writes numbers.
 */
export function binaryLevelReader(
  levels: readonly [string, string],
  decimal: DecimalMark = '.',
): {
  fromText: (raw: string) => number;
  fromValue: (value: unknown) => number;
} {
  const numericLevels = levels.map((level) => parseNumeric(level));
  const byNumber = !numericLevels.some(Number.isNaN);
  const reader = (parse: (text: string) => number) => (raw: string) => {
    const text = raw.trim();
    if (text === levels[0]) return 0;
    if (text === levels[1]) return 1;
    if (byNumber) {
      // "1.0" in a column profiled as 0/1 is still the level "1".
      const value = parse(text);
      if (value === numericLevels[0]) return 0;
      if (value === numericLevels[1]) return 1;
    }
    return Number.NaN;
  };
  const fromText = reader(numberParser(decimal));
  const fromJson = reader(parseNumeric);
  const fromValue = (value: unknown): number => {
    if (typeof value === 'boolean') {
      if (byNumber) return fromJson(value ? '1' : '0');
      const wanted = String(value);
      const index = levels.findIndex((level) => level.toLowerCase() === wanted);
      return index === -1 ? Number.NaN : index;
    }
    if (typeof value === 'number') return Number.isFinite(value) ? fromJson(String(value)) : Number.NaN;
    return typeof value === 'string' ? fromJson(value) : Number.NaN;
  };
  return { fromText, fromValue };
}
