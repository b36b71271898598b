import { DATE_FORMATS, type DateFormat } from '../contract/date-formats.js';
import { PodiumError } from '../contract/errors.js';

export { DATE_FORMATS, type DateFormat, isDateFormat } from '../contract/date-formats.js';

/**
 * Date formats Podium recognises in CSV cells, and their parsing to epoch milliseconds (UTC).
 * Dates without a zone are read as UTC so a snapshot loads to the same numbers on every machine.
 */
type Order = 'ymd' | 'dmy' | 'mdy';

const PLAIN_FORMATS: Record<Exclude<DateFormat, 'ISO-8601'>, { pattern: RegExp; order: Order }> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: 'ymd' },
  'YYYY/MM/DD': { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: 'ymd' },
  'DD-MM-YYYY': { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: 'dmy' },
  'MM-DD-YYYY': { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: 'mdy' },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'mdy' },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'dmy' },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: 'dmy' },
};

/** A calendar date with an optional time and zone; plain dates also match so mixed columns work. */
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds (UTC) of `text` read in `format`, or NaN when it is not a valid date. */
export function parseDate(text: string, format: DateFormat): number {
  if (format === 'ISO-8601') return parseIso(text);
  const { pattern, order } = PLAIN_FORMATS[format];
  const match = pattern.exec(text);
  if (match === null) return Number.NaN;
  const a = Number(match[1]);
  const b = Number(match[2]);
  const c = Number(match[3]);
  if (order === 'ymd') return utcDate(a, b, c, 0, 0, 0, 0);
  if (order === 'dmy') return utcDate(c, b, a, 0, 0, 0, 0);
  return utcDate(c, a, b, 0, 0, 0, 0);
}

/** Distinct values tried when looking for a column that is almost all dates. */
const NEAR_DATE_SAMPLE = 1000;
/** Share of those that must parse for the column to count as "almost dates". */
const NEAR_DATE_SHARE = 0.9;

/**
 * For a column `inferDateFormat` rejected: the format that parses at least 90% of its distinct
 * values (judged on the first 1,000), with up to `limit` of the values it cannot parse; null
 * when no format comes close. Cheap for id or free-text columns: they fail on the sample.
 */
export function nearDateFormat(
  values: Iterable<string>,
  limit = 5,
): { format: DateFormat; unparsedCount: number; unparsed: string[] } | null {
  const all = [...values];
  const sample = all.slice(0, NEAR_DATE_SAMPLE);
  let best: { format: DateFormat; parsed: number } | null = null;
  for (const format of DATE_FORMATS) {
    let parsed = 0;
    for (const value of sample) if (!Number.isNaN(parseDate(value, format))) parsed++;
    if (best === null || parsed > best.parsed) best = { format, parsed };
  }
  if (best === null || best.parsed < NEAR_DATE_SHARE * sample.length || sample.length < 2) return null;
  const unparsed = all.filter((value) => Number.isNaN(parseDate(value, best.format)));
  return { format: best.format, unparsedCount: unparsed.length, unparsed: unparsed.slice(0, limit) };
}

/**
 * Every format (in preference order) that parses every value; empty when a value is no date in
 * any of them. Callers pass distinct values, so a million-row column costs as much as its few
 * thousand distinct dates.
 */
export function dateFormatsReading(values: Iterable<string>): DateFormat[] {
  let candidates: DateFormat[] | null = null;
  for (const value of values) {
    const pool: readonly DateFormat[] = candidates ?? DATE_FORMATS;
    candidates = pool.filter((format) => !Number.isNaN(parseDate(value, format)));
    if (candidates.length === 0) return [];
  }
  return candidates ?? [];
}

/** What decides a date column's format besides its values. */
export type DateFormatChoice = {
  /** Named in errors. */
  file: string;
  /** A format for every date column (`--date-format FORMAT`): taken wherever it reads every value. */
  preferred?: DateFormat;
  /** The format the model's training data used for this column: decides when the values cannot. */
  fallback?: DateFormat;
};

/**
 * The format to read a date column in, given the formats that read every one of its values
 * (`dateFormatsReading`): the first, unless two of them read some value as different days (every
 * day ≤ 12, e.g. "03/04/2021"). Then the preferred or fallback format decides, and without one
 * the column is refused with what to pass, rather than guessed.
 */
export function chooseDateFormat(
  column: string,
  values: Iterable<string>,
  candidates: readonly DateFormat[],
  choice: DateFormatChoice,
): DateFormat | null {
  if (candidates.length === 0) return null;
  if (choice.preferred !== undefined && candidates.includes(choice.preferred)) return choice.preferred;
  const first = candidates[0];
  const rival = differingRead(values, first, candidates);
  if (rival === null) return first;
  if (choice.fallback !== undefined && candidates.includes(choice.fallback)) return choice.fallback;
  const formats = [first, rival.format];
  throw new PodiumError(
    'DATA_INVALID',
    `${choice.file}, column "${column}": cannot tell whether the dates are ${formats.join(' or ')} ("${rival.value}" reads as both, and no value rules one out); give --date-format ${column}=${first} (or ${rival.format})`,
    { file: choice.file, column, formats, example: rival.value },
  );
}

/** A candidate that reads some value as another day than `first` does, with that value. */
function differingRead(
  values: Iterable<string>,
  first: DateFormat,
  candidates: readonly DateFormat[],
): { format: DateFormat; value: string } | null {
  if (candidates.length < 2) return null;
  for (const value of values) {
    const time = parseDate(value, first);
    for (const format of candidates) {
      if (format !== first && parseDate(value, format) !== time) return { format, value };
    }
  }
  return null;
}

function parseIso(text: string): number {
  const match = ISO_PATTERN.exec(text);
  if (match === null) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const milliseconds = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = utcDate(
    Number(year),
    Number(month),
    Number(day),
    hour === undefined ? 0 : Number(hour),
    minute === undefined ? 0 : Number(minute),
    second === undefined ? 0 : Number(second),
    milliseconds,
  );
  if (Number.isNaN(local) || zone === undefined || zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2, 4));
  if (offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

function utcDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
