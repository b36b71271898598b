import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  type CsvDelimiter,
  type CsvDialect,
  type CsvDialectOptions,
  type DecimalMark,
  isDefaultDialect,
} from '../contract/csv-dialect.js';
import type { PodiumClient } from '../contract/index.js';
import { print } from './output.js';
import { type DateFormatFlags, dateFormatOption, decimalOption, delimiterOption } from './parse-options.js';

/** What the dialect options of a command parse to (commander's camelCase names). */
export type DialectFlags = { delimiter?: CsvDelimiter; decimal?: DecimalMark; dateFormat?: DateFormatFlags };

/**
 * `--delimiter`, `--decimal` and `--date-format`: how a data file is written, for every command
 * that reads one, where Podium's detection should not decide.
 */
export function addDialectOptions(command: Command): Command {
  return command
    .option('--delimiter <separator>', 'field separator: , ; | or tab (default: detected)', delimiterOption)
    .option('--decimal <mark>', 'decimal mark: . or , (default: detected)', decimalOption)
    .option(
      '--date-format <format|column=format>',
      'read dates in this format instead of inferring it: every date column (DD.MM.YYYY) or one (Date=MM/DD/YYYY); repeatable',
      dateFormatOption,
    );
}

/** The operation's `dialect` input, or undefined when no option was given. */
export function dialectOf(flags: DialectFlags): CsvDialectOptions | undefined {
  const dialect: CsvDialectOptions = {
    ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
    ...(flags.decimal === undefined ? {} : { decimal: flags.decimal }),
    ...flags.dateFormat,
  };
  return Object.keys(dialect).length === 0 ? undefined : dialect;
}

/**
 * Prints how `file` will be read, in one line, when that is not plain comma-separated CSV with
 * decimal points and ISO dates: `Read churn-eu.csv as ';'-separated, decimal comma, dates
 * DD.MM.YYYY`. `model`'s training data decides dates the file's first lines cannot. Silent with
 * --json, and on any problem (the command itself reports it).
 */
export async function announceDialect(
  client: PodiumClient,
  file: string,
  options: { dialect: CsvDialectOptions | undefined; model?: string; json: boolean },
): Promise<void> {
  if (options.json) return;
  const read = await client.sendCatch('data.dialect', {
    file,
    dialect: options.dialect,
    model: options.model,
  });
  if (read.data !== undefined && !isDefaultDialect(read.data))
    print(describeDialect(basename(file), read.data));
}

export function describeDialect(name: string, dialect: CsvDialect): string {
  const separator = dialect.delimiter === '\t' ? 'tab' : `'${dialect.delimiter}'`;
  const parts = [`${separator}-separated`, dialect.decimal === ',' ? 'decimal comma' : 'decimal point'];
  const formats = [...new Set(Object.values(dialect.dateFormats))];
  if (formats.length > 0) parts.push(`dates ${formats.join(', ')}`);
  return `Read ${name} as ${parts.join(', ')}`;
}
