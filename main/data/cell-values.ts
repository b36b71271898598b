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
