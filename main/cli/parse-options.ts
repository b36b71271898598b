import { InvalidArgumentError } from 'commander';
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

/** `--date-format Date=MM/DD/YYYY`, repeatable: the formats by column. */
export function dateFormatOption(
  value: string,
  previous: Record<string, DateFormat> = {},
): Record<string, DateFormat> {
  const cut = value.lastIndexOf('=');
  const column = value.slice(0, cut).trim();
  const format = value.slice(cut + 1).trim();
  if (cut <= 0 || column === '')
    throw new InvalidArgumentError('expected COLUMN=FORMAT, e.g. Date=DD-MM-YYYY');
  if (!isDateFormat(format)) {
    throw new InvalidArgumentError(`"${format}" is not a date format; one of ${DATE_FORMATS.join(', ')}`);
  }
  return { ...previous, [column]: format };
}
