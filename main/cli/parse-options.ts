import { InvalidArgumentError } from 'commander';
import type { CsvDelimiter, DecimalMark } from '../contract/csv-dialect.js';
import { DATE_FORMATS, type DateFormat, isDateFormat } from '../contract/date-formats.js';

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return parsed;
}

/** What `--date-format` collects: a format for every date column, and formats by column. */
export type DateFormatFlags = { dateFormat?: DateFormat; dateFormats?: Record<string, DateFormat> };

/**
 * `--date-format DD.MM.YYYY` (every date column) or `--date-format Date=MM/DD/YYYY` (one column),
 * repeatable.
 */
export function dateFormatOption(value: string, previous: DateFormatFlags = {}): DateFormatFlags {
  const cut = value.lastIndexOf('=');
  const column = value.slice(0, cut).trim();
  const format = value.slice(cut + 1).trim();
  if (cut === 0 || (cut > 0 && column === ''))
    throw new InvalidArgumentError('expected FORMAT or COLUMN=FORMAT, e.g. DD.MM.YYYY or Date=DD-MM-YYYY');
  if (!isDateFormat(format)) {
    throw new InvalidArgumentError(`"${format}" is not a date format; one of ${DATE_FORMATS.join(', ')}`);
  }
  if (cut === -1) return { ...previous, dateFormat: format };
  return { ...previous, dateFormats: { ...previous.dateFormats, [column]: format } };
}

const DELIMITER_NAMES: Record<string, CsvDelimiter> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  '\t': '\t',
  '\\t': '\t',
  tab: '\t',
  '|': '|',
  pipe: '|',
};

/** `--delimiter`: `,` `;` `|` or a tab (`tab`, `\t`, or the character itself). */
export function delimiterOption(value: string): CsvDelimiter {
  const delimiter = Object.hasOwn(DELIMITER_NAMES, value.toLowerCase())
    ? DELIMITER_NAMES[value.toLowerCase()]
    : undefined;
  if (delimiter === undefined) throw new InvalidArgumentError('expected one of , ; | or tab');
  return delimiter;
}

/** `--decimal`: `.` or `,`. */
export function decimalOption(value: string): DecimalMark {
  const mark = value.trim();
  if (mark !== '.' && mark !== ',') throw new InvalidArgumentError('expected . or ,');
  return mark;
}
