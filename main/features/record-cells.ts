import {
  binaryLevelReader,
  type DateFormat,
  isDateFormat,
  isMissingToken,
  parseDate,
  parseNumeric,
} from '../data/index.js';
import type { ColumnProfile } from '../data/types.js';

/**
 * One value of a prediction record read as a number or as a label, exactly as `numberAt` and
 * `labelAt` would read the cell that `tableFromRecords` builds from it — without building the
 * table. The per-record fast path depends on this agreeing with the data room's column
 * builders value for value; `test/training/record-predictor.test.ts` holds the two together.
 */
export type CellReader = {
  /** NaN when missing or not numeric. */
  number(value: unknown): number;
  /** null when missing. */
  label(value: unknown): string | null;
};

/**
 * The reader for a column profile, or null where the table path would refuse the profile
 * (a date column without a known format, a binary column without levels) or does not know
 * its type; the caller then keeps to the table path, which reports the problem its own way.
 */
export function cellReader(profile: ColumnProfile): CellReader | null {
  switch (profile.type) {
    case 'numeric':
    case 'integer':
      return numberReader(numberFromValue);
    case 'date': {
      const format = profile.date?.format;
      if (format === undefined || !isDateFormat(format)) return null;
      return dateReader(format);
    }
    case 'binary': {
      const levels = binaryLevels(profile);
      return levels === null ? null : binaryReader(levels);
    }
    case 'category':
    case 'text':
    case 'id':
      return textReader;
    default:
      return null;
  }
}

function numberReader(fromValue: (value: unknown) => number): CellReader {
  return {
    number: fromValue,
    label(value) {
      const cell = fromValue(value);
      return Number.isNaN(cell) ? null : String(cell);
    },
  };
}

function numberFromValue(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string') return parseNumeric(value.trim());
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

function dateReader(format: DateFormat): CellReader {
  const fromValue = (value: unknown): number => {
    if (value instanceof Date) return value.getTime();
    // Numbers are epoch milliseconds, the Table's own representation of a date.
    if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
    if (typeof value !== 'string') return Number.NaN;
    const text = value.trim();
    const parsed = parseDate(text, format);
    // Online callers often send ISO strings whatever format the training file used.
    return Number.isNaN(parsed) ? parseDate(text, 'ISO-8601') : parsed;
  };
  return {
    number: fromValue,
    label(value) {
      const cell = fromValue(value);
      return Number.isNaN(cell) ? null : new Date(cell).toISOString();
    },
  };
}

function binaryReader(levels: [string, string]): CellReader {
  const { fromValue } = binaryLevelReader(levels);
  return {
    number: fromValue,
    label(value) {
      const cell = fromValue(value);
      return Number.isNaN(cell) ? null : levels[cell === 0 ? 0 : 1];
    },
  };
}

const textReader: CellReader = {
  number(value) {
    const text = textFromValue(value);
    if (text === null || text.trim() === '') return Number.NaN;
    return Number(text);
  },
  label: textFromValue,
};

function textFromValue(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return isMissingToken(text) ? null : text;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
    return String(value);
  return null;
}

/** Levels from the profile; profiles written before `levels` existed fall back to the top values. */
function binaryLevels(profile: ColumnProfile): [string, string] | null {
  if (profile.levels !== undefined) return profile.levels;
  const top = profile.categorical?.top.map((entry) => entry.value) ?? [];
  if (top.length !== 2) return null;
  const numeric = top.map((value) => parseNumeric(value));
  const sorted = numeric.some(Number.isNaN)
    ? [...top].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    : [...top].sort((a, b) => parseNumeric(a) - parseNumeric(b));
  return [sorted[0], sorted[1]];
}
