import { parse as parseSync } from 'csv-parse/sync';
import { isMissingToken, numberParser } from '../cell-values.js';
import { ColumnAccumulator } from '../column-accumulator.js';
import type { CsvReading } from '../csv-dialect.js';
import { csvParseOptions } from '../csv-segmenter.js';
import { CellProblem } from '../segment-parser.js';
import { NUMBER, type StorageKind, TEXT } from './column-sinks.js';

/** Rows of the first segment that decide how each column is stored. */
const PLAN_ROWS = 2000;
/**
 * A column the caller expects to hold numbers (the model was trained on numbers there) stays a
 * number column when at least this share of its first filled cells read as numbers: the others
 * are type mismatches to count, not a reason to read the whole column as text (which drift
 * would report as a schema change). Below it, the column really changed type.
 */
const EXPECTED_NUMBER_SHARE = 0.9;

/**
 * How each column is stored while the file is read, from its first rows: as numbers when they
 * read as numbers (the rule ingest's profiler applies cell by cell, `ColumnAccumulator`), as
 * dictionary codes otherwise. A later cell that is no number is a type mismatch of that column;
 * dates and number columns whose first rows are all missing are decided on the whole column
 * afterwards (finish-columns.ts), so the plan never has to guess them.
 */
export function planColumns(
  firstRecords: Buffer,
  header: string[],
  reading: CsvReading,
  expectedNumbers: ReadonlySet<string> = new Set(),
  strictMark = false,
): { kinds: StorageKind[]; bytesPerRow: number } {
  let records: string[][] = [];
  try {
    records = parseSync(firstRecords, {
      ...csvParseOptions(reading.delimiter),
      relax_quotes: true,
      to: PLAN_ROWS,
    }) as string[][];
  } catch {
    // The parser names the bad line itself; the plan only needs the rows that do read.
  }
  const accumulators = header.map(
    (column) => new ColumnAccumulator(false, { column, decimal: reading.decimal, strictMark }),
  );
  // A number column whose first non-number has the other decimal mark stays a number column:
  // that cell is then its first mismatch, refused with its line once the file is read.
  const otherMark = new Set<number>();
  for (const record of records) {
    for (let c = 0; c < header.length && c < record.length; c++) {
      if (otherMark.has(c)) continue;
      try {
        accumulators[c].add(record[c]);
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        otherMark.add(c);
      }
    }
  }
  const kinds = accumulators.map((accumulator, c): StorageKind => {
    if (otherMark.has(c)) return NUMBER;
    const { numbers } = accumulator.finish();
    if (numbers !== null && numbers.length > 0) return NUMBER;
    return expectedNumbers.has(header[c]) && mostlyNumbers(records, c, reading) ? NUMBER : TEXT;
  });
  return { kinds, bytesPerRow: firstRecords.length / Math.max(1, lineFeeds(firstRecords)) };
}

function mostlyNumbers(records: string[][], column: number, reading: CsvReading): boolean {
  const parse = numberParser(reading.decimal);
  let filled = 0;
  let numbers = 0;
  for (const record of records) {
    const text = record[column];
    if (text === undefined || isMissingToken(text)) continue;
    filled++;
    if (Number.isFinite(parse(text))) numbers++;
  }
  return filled > 0 && numbers >= EXPECTED_NUMBER_SHARE * filled;
}

function lineFeeds(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}
