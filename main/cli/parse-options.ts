import { InvalidArgumentError, Option } from 'commander';
import { parseModelRef } from '../common/version-ref.js';
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
