import type { DecimalMark } from '../../contract/csv-dialect.js';
import { numberParser } from '../cell-values.js';
import type { MergedColumn } from '../column-accumulator.js';
import { buildColumnProfile, type ColumnDates } from '../column-profile.js';
import { parseDate } from '../date-formats.js';
import { type SortScratch, sortFloat64 } from '../sort-numbers.js';
import type { ColumnProfile } from '../types.js';
import type { ByteDictionary } from './byte-dictionary.js';
import type { ColumnSinks } from './column-sinks.js';
import { MS_PER_DAY, SORTED_KEPT_MAX_ROWS, type TypedColumn, type TypeMismatches } from './columnar-table.js';

/**
 * Turns what the parser stored into typed columns and their profile. The types are decided on
 * the whole column by the rules ingest uses (`buildColumnProfile`): a text column whose every
 * value is a date becomes a date column in the format those values choose; one whose every value
 * is a number (its first rows were all missing) becomes a number column.
 */
export function finishColumn(
  name: string,
  c: number,
  sinks: ColumnSinks,
  dates: ColumnDates,
  decimal: DecimalMark,
  scratch: SortScratch,
): { column: TypedColumn; profile: ColumnProfile } {
  const rows = sinks.rows;
  const mismatches = sinks.mismatches[c];
  const numbers = sinks.numbers[c];
  if (numbers !== null) {
    return numberColumn(name, exact(numbers, rows), sinks.missing[c], mismatches, dates, scratch);
  }
  const codes = exact(sinks.codes[c] as Int32Array, rows);
  const texts = (sinks.dictionaries[c] as ByteDictionary).texts;
  const counts = new Float64Array(texts.length);
  for (let i = 0; i < rows; i++) {
    const code = codes[i];
    if (code >= 0) counts[code]++;
  }
  const missing = sinks.missing[c];
  const merged: MergedColumn = {
    missing,
    numbers: null,
    allInteger: false,
    counts: new Map(texts.map((text, code) => [text, counts[code]])),
    needsTextPass: false,
  };
  const parse = numberParser(decimal);
  const asNumbers = texts.map((text) => parse(text));
  if (texts.length > 0 && !asNumbers.some(Number.isNaN)) {
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const code = codes[i];
      values[i] = code < 0 ? Number.NaN : asNumbers[code];
    }
    return numberColumn(name, values, missing, mismatches, dates, scratch);
  }
  const profile = buildColumnProfile(name, merged, dates);
  const format = profile.type === 'date' ? profile.date?.format : undefined;
  if (format === undefined) {
    return { column: { kind: 'category', name, codes, dictionary: texts, missing, mismatches }, profile };
  }
  const dayOf = texts.map((text) => parseDate(text, format as Parameters<typeof parseDate>[1]) / MS_PER_DAY);
  const days = new Float64Array(rows);
  const dateMismatches: TypeMismatches = { count: 0, first: null };
  for (let i = 0; i < rows; i++) {
    const code = codes[i];
    const day = code < 0 ? Number.NaN : dayOf[code];
    days[i] = day;
    if (code >= 0 && Number.isNaN(day)) {
      dateMismatches.count++;
      dateMismatches.first ??= { row: i + 1, line: null, text: texts[code] };
    }
  }
  return {
    column: { kind: 'date', name, days, codes, dictionary: texts, missing, mismatches: dateMismatches },
    profile,
  };
}

function numberColumn(
  name: string,
  values: Float64Array,
  missing: number,
  mismatches: TypeMismatches,
  dates: ColumnDates,
  scratch: SortScratch,
): { column: TypedColumn; profile: ColumnProfile } {
  const present = new Float64Array(values.length);
  let count = 0;
  let fractional = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // `value - Math.trunc(value)` is 0 exactly for integers; counted rather than branched on.
    if (!Number.isNaN(value)) {
      present[count++] = value;
      fractional += value - Math.trunc(value) === 0 ? 0 : 1;
    }
  }
  const allInteger = fractional === 0;
  const sorted = sortFloat64(present.subarray(0, count), scratch);
  const keepSorted = values.length <= SORTED_KEPT_MAX_ROWS;
  const merged: MergedColumn = {
    // A cell that did not read is missing in the table, and so in the profile.
    missing: missing + mismatches.count,
    numbers: sorted,
    allInteger,
    counts: null,
    needsTextPass: false,
  };
  return {
    column: keepSorted
      ? { kind: 'number', name, values, sorted, missing, mismatches }
      : { kind: 'number', name, values, missing, mismatches },
    profile: buildColumnProfile(name, merged, dates),
  };
}

/** The first `rows` entries, without a copy (the estimate overshoots by about 2%). */
function exact<T extends Float64Array | Int32Array>(array: T, rows: number): T {
  return (array.length === rows ? array : array.subarray(0, rows)) as T;
}
