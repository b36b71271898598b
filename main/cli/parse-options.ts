import { InvalidArgumentError, Option } from 'commander';
import { parseModelRef } from '../common/version-ref.js';
import type { CsvDelimiter, DecimalMark } from '../contract/csv-dialect.js';
import { DATE_FORMATS, type DateFormat, isDateFormat } from '../contract/date-formats.js';
import { PodiumError } from '../contract/errors.js';

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

function portNumber(value: string, lowest: 0 | 1): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < lowest || parsed > 65535) {
    throw new InvalidArgumentError(
      `expected a port number from 1 to 65535${lowest === 0 ? ', or 0 for any free port' : ''}`,
    );
  }
  return parsed;
}

/** A TCP port to listen on: a whole number from 1 to 65535 (commander names the option). */
export function port(value: string): number {
  return portNumber(value, 1);
}

/** The same, where 0 asks for any free port. */
export function portOrZero(value: string): number {
  return portNumber(value, 0);
}

/** `--model`: checked as a reference when typed (`churn`, `churn:3`, `churn:champion`). */
export function modelReference(value: string): string {
  try {
    parseModelRef(value);
  } catch (error) {
    if (error instanceof PodiumError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return value;
}

/** The `--model` option of every command that acts on a model (default: the workspace's model). */
export function modelOption(
  description = 'model: NAME, NAME:VERSION or NAME:champion|challenger|shadow (default: the only model, or training.model_name)',
): Option {
  return new Option('--model <ref>', description).argParser(modelReference);
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
