import type { DecimalMark } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { binaryLevelReader, isMissingToken, numberParser, parseNumeric } from './cell-values.js';
import { type DateFormat, isDateFormat, parseDate } from './date-formats.js';
import type { Column, ColumnProfile } from './types.js';

/**
 * Fills one column of a Table from CSV cells (numbers written with `decimal`) or from JSON-like
 * values, reading each value the way its profile says. Anything that does not read as the column's type is missing:
 * a table is for models, and the profile already counted what was odd in the file.
 */
export type ColumnBuilder = {
  addText(text: string): void;
  addValue(value: unknown): void;
  build(rowCount: number): Column;
};

const DATE_MEMO_LIMIT = 100_000;

export function createColumnBuilder(
  profile: ColumnProfile,
  capacity: number,
  decimal: DecimalMark = '.',
): ColumnBuilder {
  switch (profile.type) {
    case 'numeric':
    case 'integer':
      return numberBuilder(profile, capacity, numberParser(decimal), numberFromValue);
    case 'date': {
      const format = dateFormatOf(profile);
      // Dates repeat (a few thousand days in a million rows): remember each text's value.
      const seen = new Map<string, number>();
      const fromText = (text: string): number => {
        let value = seen.get(text);
        if (value === undefined) {
          value = parseDate(text.trim(), format);
          if (seen.size < DATE_MEMO_LIMIT) seen.set(text, value);
        }
        return value;
      };
      return numberBuilder(profile, capacity, fromText, (value) => dateFromValue(value, format));
    }
    case 'binary':
      return binaryBuilder(profile, capacity, decimal);
    default:
      return textBuilder(profile);
  }
}

function numberBuilder(
  profile: ColumnProfile,
  capacity: number,
  fromText: (text: string) => number,
  fromValue: (value: unknown) => number,
  finish: (values: Float64Array) => Column = (values) => ({
    name: profile.name,
    type: profile.type as 'numeric' | 'integer' | 'date',
    values,
  }),
): ColumnBuilder {
  let values = new Float64Array(Math.max(capacity, 16));
  let size = 0;
  const push = (value: number): void => {
    if (size === values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    values[size++] = value;
  };
  return {
    addText: (text) => push(fromText(text)),
    addValue: (value) => push(fromValue(value)),
    build: (rowCount) =>
      finish(size === rowCount && values.length === rowCount ? values : values.slice(0, rowCount)),
  };
}

function binaryBuilder(profile: ColumnProfile, capacity: number, decimal: DecimalMark): ColumnBuilder {
  const levels = binaryLevels(profile);
  const { fromText, fromValue } = binaryLevelReader([levels[0], levels[1]], decimal);
  return numberBuilder(profile, capacity, fromText, fromValue, (values) => ({
    name: profile.name,
    type: 'binary',
    values,
    levels: [levels[0], levels[1]],
  }));
}

function textBuilder(profile: ColumnProfile): ColumnBuilder {
  const values: (string | null)[] = [];
  const fromText = (raw: string): string | null => {
    const text = raw.trim();
    return isMissingToken(text) ? null : text;
  };
  return {
    addText: (text) => {
      values.push(fromText(text));
    },
    addValue: (value) => {
      if (typeof value === 'string') values.push(fromText(value));
      else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        values.push(String(value));
      } else values.push(null);
    },
    build: (rowCount) => ({
      name: profile.name,
      type: profile.type as 'category' | 'text' | 'id',
      values: values.length === rowCount ? values : values.slice(0, rowCount),
    }),
  };
}

function numberFromValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string') return parseNumeric(value.trim());
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

function dateFromValue(value: unknown, format: DateFormat): number {
  if (value instanceof Date) return value.getTime();
  // Numbers are taken as epoch milliseconds, the Table's own representation.
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const text = value.trim();
  const parsed = parseDate(text, format);
  // Online callers often send ISO strings whatever format the training file used.
  return Number.isNaN(parsed) ? parseDate(text, 'ISO-8601') : parsed;
}

function dateFormatOf(profile: ColumnProfile): DateFormat {
  const format = profile.date?.format;
  if (format === undefined || !isDateFormat(format)) {
    throw new PodiumError(
      'DATA_INVALID',
      `column "${profile.name}" is a date column without a known date format`,
      {
        column: profile.name,
        format,
      },
    );
  }
  return format;
}

/** Levels from the profile; profiles written before `levels` existed fall back to the top values. */
export function binaryLevels(profile: ColumnProfile): [string, string] {
  if (profile.levels !== undefined) return profile.levels;
  const top = profile.categorical?.top.map((entry) => entry.value) ?? [];
  if (top.length !== 2) {
    throw new PodiumError('DATA_INVALID', `binary column "${profile.name}" has no levels in its profile`, {
      column: profile.name,
    });
  }
  const numeric = top.map((value) => parseNumeric(value));
  const sorted = numeric.some(Number.isNaN)
    ? [...top].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : [...top].sort((a, b) => parseNumeric(a) - parseNumeric(b));
  return [sorted[0], sorted[1]];
}
