import { PodiumError } from '../contract/errors.js';
import type { ColumnProfile, DatasetProfile } from '../data/types.js';
import { validateModelConfig } from './model-config.js';
import type { InputFeature, ModelConfig, ModelFamilyName, Task } from './types.js';

export type GenerateModelConfigOptions = {
  modelType?: ModelFamilyName;
  seed?: number;
  /** Random by default; "datetime" orders rows by `dateColumn` (or the first date column). */
  splitType?: 'random' | 'datetime';
  dateColumn?: string;
  /** Date columns a prediction request may leave out: `default: request_time` (see InputFeature). */
  requestTimeDates?: readonly string[];
};

/** A string or integer target with at most this many classes is a classification target. */
const MAX_CLASSES = 100;
const MAX_INTEGER_CLASSES = 10;
/** Integer columns named like a grouping key with at most this many values become categories. */
const MAX_GROUP_LEVELS = 1000;
const IDENTIFIER_NAME = /(^|[_\s-])id$|[a-z]Id$|ID$/;
const GROUP_WORD =
  /(^|[_\s-])(id|store|shop|branch|site|dept|department|code|zip|postcode|region|segment|group|cluster|category|class|type|kind)(_?(id|no|nbr|number|num|code))?$/i;
/** camelCase keys (storeId, customerID): case matters, or "paid" and "valid" would match. */
const CAMEL_KEY = /[a-z](Id|ID)$/;

/**
 * Writes a starting model config from a dataset profile: the task from the target column and
 * one input feature per usable column. Id-like and free-text columns are left out, since a
 * model would only memorise them, and so are constant columns, which carry no signal.
 */
export function generateModelConfig(
  profile: DatasetProfile,
  target: string,
  options: GenerateModelConfigOptions = {},
): ModelConfig {
  const names = profile.columns.map((column) => column.name);
  const targetColumn = profile.columns.find((column) => column.name === target);
  if (!targetColumn) {
    throw new PodiumError(
      'MODEL_CONFIG_INVALID',
      `Target column "${target}" is not in the dataset; columns: ${names.join(', ')}`,
      { target, columns: names },
    );
  }
  const task = taskFor(targetColumn);
  const inputs: InputFeature[] = [];
  for (const column of profile.columns) {
    if (column.name === target) continue;
    const type = inputTypeFor(column, profile.rows);
    if (!type) continue;
    const requestTime = type === 'date' && options.requestTimeDates?.includes(column.name);
    inputs.push(
      requestTime ? { name: column.name, type, default: 'request_time' } : { name: column.name, type },
    );
  }
  const notDates = (options.requestTimeDates ?? []).filter(
    (name) => !inputs.some((input) => input.name === name && input.type === 'date'),
  );
  if (notDates.length > 0) {
    throw new PodiumError(
      'MODEL_CONFIG_INVALID',
      `Only a date input can default to the request time; not one: ${notDates.join(', ')}`,
      { columns: notDates },
    );
  }
  if (inputs.length === 0) {
    throw new PodiumError('DATA_INVALID', `No column besides "${target}" can be an input feature`, {
      target,
      columns: profile.columns.map((column) => ({ name: column.name, type: column.type })),
    });
  }

  let split: ModelConfig['preprocessing']['split'] = { type: 'random', probabilities: [0.7, 0.15, 0.15] };
  if (options.splitType === 'datetime') {
    const dates = profile.columns.filter((column) => column.type === 'date').map((column) => column.name);
    const column = options.dateColumn ?? dates[0];
    if (column === undefined || !dates.includes(column)) {
      const candidate = profile.columns.find(
        (c) =>
          c.almostDate !== undefined && (options.dateColumn === undefined || c.name === options.dateColumn),
      );
      throw new PodiumError(
        'DATA_INVALID',
        candidate?.almostDate
          ? `A time split needs a date column. "${candidate.name}" holds dates (${candidate.almostDate.format}) but ${candidate.almostDate.unparsedCount} value${candidate.almostDate.unparsedCount === 1 ? ' does' : 's do'} not parse as one: ${candidate.almostDate.unparsed.map((v) => JSON.stringify(v)).join(', ')}. Fix those cells or leave them blank (a blank date is missing), or split at random.`
          : column === undefined
            ? 'A time split needs a date column and the dataset has none; split at random instead'
            : `"${column}" is not a date column; date columns: ${dates.join(', ') || '(none)'}`,
        {
          column: candidate?.name ?? column,
          dateColumns: dates,
          ...(candidate?.almostDate ? { unparsed: candidate.almostDate.unparsed } : {}),
        },
      );
    }
    split = { type: 'datetime', column, probabilities: [0.7, 0.15, 0.15] };
  }

  return validateModelConfig({
    model_type: options.modelType ?? 'ecd',
    input_features: inputs,
    output_features: [{ name: target, type: task }],
    preprocessing: { split },
    seed: options.seed ?? 42,
  });
}

function taskFor(column: ColumnProfile): Task {
  const fail = (reason: string) =>
    new PodiumError('DATA_INVALID', `Column "${column.name}" cannot be the target: ${reason}`, {
      column: column.name,
      type: column.type,
      distinct: column.distinct,
    });
  if (column.distinct < 2) throw fail('it has fewer than two distinct values');
  if (column.distinct === 2 || column.type === 'binary') return 'binary';
  switch (column.type) {
    case 'category':
      if (column.distinct > MAX_CLASSES)
        throw fail(`it has ${column.distinct} classes (at most ${MAX_CLASSES})`);
      return 'category';
    case 'integer':
      return column.distinct <= MAX_INTEGER_CLASSES ? 'category' : 'number';
    case 'numeric':
      return 'number';
    default:
      throw fail(`a ${column.type} column is neither a class label nor a number`);
  }
}

function inputTypeFor(column: ColumnProfile, rows: number): InputFeature['type'] | undefined {
  if (column.distinct < 2) return undefined;
  switch (column.type) {
    case 'numeric':
      return 'number';
    case 'integer':
      // A unique integer per row named like an identifier is a key, not a measurement.
      if (column.distinct >= rows - column.missing && IDENTIFIER_NAME.test(column.name)) return undefined;
      // Integers that name a group (store 1…45, department 7) are labels, not quantities:
      // store 45 is not "more" than store 2. Treating them as numbers is the classic way a
      // default model loses to a one-hot baseline on real tables.
      return column.distinct <= MAX_GROUP_LEVELS &&
        (GROUP_WORD.test(column.name) || CAMEL_KEY.test(column.name))
        ? 'category'
        : 'number';
    case 'binary':
      return 'binary';
    case 'category':
      return 'category';
    case 'date':
      return 'date';
    default:
      return undefined;
  }
}
