import type { z } from 'zod';
import type { CsvDialectOptionsSchema, CsvDialectSchema } from './schemas/common.js';

/** The field separators Podium recognises in a CSV file. */
export type CsvDelimiter = ',' | ';' | '\t' | '|';
/** The mark between a number's whole and fractional part: `3.5` or `3,5`. */
export type DecimalMark = '.' | ',';

/** Preference order when a file does not tell (a single column): the comma first. */
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
export const DECIMAL_MARKS: readonly DecimalMark[] = ['.', ','];

/**
 * How a CSV file is written, as Podium read it: detected from the file or given by the user,
 * stored with each dataset and reused for later files of the same model. `dateFormats` holds
 * the format of each date column (by name).
 */
export type CsvDialect = z.infer<typeof CsvDialectSchema>;

/**
 * What the user may say about a file instead of letting Podium detect it (the CLI's
 * `--delimiter`, `--decimal` and `--date-format`): `dateFormat` for every date column,
 * `dateFormats` for named ones.
 */
export type CsvDialectOptions = z.infer<typeof CsvDialectOptionsSchema>;

export const DEFAULT_CSV_DIALECT: CsvDialect = { delimiter: ',', decimal: '.', dateFormats: {} };

/** True when the file reads as Podium writes CSV: comma-separated, decimal point, ISO dates. */
export function isDefaultDialect(dialect: CsvDialect): boolean {
  return (
    dialect.delimiter === ',' &&
    dialect.decimal === '.' &&
    Object.values(dialect.dateFormats).every((format) => format === 'YYYY-MM-DD' || format === 'ISO-8601')
  );
}
