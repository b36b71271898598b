import { PodiumError } from '../contract/errors.js';
import type { Column, ColumnProfile, DatasetProfile, Table } from '../data/types.js';
import type { InputFeature, ModelConfig, OutputFeature } from '../training/types.js';
import { compareLabels, findColumn, labelAt, numberAt } from './columns.js';
import { DATE_PARTS, datePart } from './date-parts.js';
import { selectFeaturesByVif } from './feature-selection.js';
import type {
  BinaryInputState,
  CategoryInputState,
  DateInputState,
  InputState,
  NumberInputState,
  Preprocessing,
  TargetState,
} from './types.js';

/** Category features keep this many most frequent values unless `most_common` says otherwise. */
export const DEFAULT_MOST_COMMON = 1000;

/**
 * Learns the preprocessing from the training rows only — means, scales, vocabularies and
 * classes never see validation or test rows, so their metrics are honest. Rows whose target
 * is missing are ignored for the target's statistics; the trainer leaves them out altogether.
 * `profile` (the dataset's, when known) is kept for parsing prediction records later.
 */
export function fitPreprocessing(
  table: Table,
  config: ModelConfig,
  trainRows: Uint32Array,
  profile?: DatasetProfile,
): Preprocessing {
  if (trainRows.length === 0) {
    throw new PodiumError('DATA_INVALID', 'The training split has no rows to fit preprocessing on', {
      rows: table.rowCount,
    });
  }
  const inputs = config.input_features.map((feature) =>
    fitInput(feature, findColumn(table, feature.name, 'input feature'), trainRows),
  );
  const output = config.output_features[0];
  const target = fitTarget(output, findColumn(table, output.name, 'output feature'), trainRows);
  const columns = config.input_features.map(
    (feature) =>
      profile?.columns.find((column) => column.name === feature.name) ??
      profileOf(findColumn(table, feature.name, 'input feature')),
  );
  const pre: Preprocessing = {
    format: 'podium-preprocessing',
    version: 1,
    inputs,
    target,
    columns,
    fittedRows: trainRows.length,
  };
  const selection = config.preprocessing.feature_selection;
  return selection ? selectFeaturesByVif(pre, table, trainRows, selection.threshold) : pre;
}

function fitInput(feature: InputFeature, column: Column, rows: Uint32Array): InputState {
  switch (feature.type) {
    case 'number':
      return fitNumber(feature, column, rows);
    case 'binary':
      return fitBinary(feature, column, rows);
    case 'date':
      return fitDate(feature, column, rows);
    case 'category':
      return fitCategory(feature, column, rows);
  }
}

function mismatch(feature: { name: string; type: string }, column: Column, role: string): PodiumError {
  return new PodiumError(
    'MODEL_CONFIG_INVALID',
    `The ${role} "${feature.name}" has type ${feature.type}, but the column holds ${column.type} values`,
    { key: feature.name, expected: feature.type, columnType: column.type },
  );
}

function fitNumber(feature: InputFeature, column: Column, rows: Uint32Array): NumberInputState {
  const values = trainingNumbers(feature, column, rows, 'input feature');
  const options = feature.preprocessing ?? {};
  const { mean, std } = meanStd(values);
  let fill = mean;
  if (options.missing_value_strategy === 'fill_with_median') fill = median(values);
  else if (options.missing_value_strategy === 'fill_with_const') {
    if (options.fill_value === undefined) {
      throw new PodiumError(
        'MODEL_CONFIG_INVALID',
        `The input feature "${feature.name}" fills missing values with a constant but sets no fill_value`,
        { key: `input_features.${feature.name}.preprocessing.fill_value` },
      );
    }
    fill = options.fill_value;
  }
  const normalization = options.normalization ?? 'zscore';
  if (normalization === 'none') return { kind: 'number', name: feature.name, fill, center: 0, scale: 1 };
  if (normalization === 'minmax') {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const value of values) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return { kind: 'number', name: feature.name, fill, center: min, scale: max > min ? max - min : 1 };
  }
  return { kind: 'number', name: feature.name, fill, center: mean, scale: std > 0 ? std : 1 };
}

function fitBinary(feature: InputFeature, column: Column, rows: Uint32Array): BinaryInputState {
  const counts = labelCounts(column, rows);
  const levels: [string, string] =
    column.type === 'binary' ? [...column.levels] : twoLevels(feature, column, counts);
  const fill = (counts.get(levels[1]) ?? 0) > (counts.get(levels[0]) ?? 0) ? 1 : 0;
  return { kind: 'binary', name: feature.name, levels, fill };
}

function twoLevels(feature: InputFeature, column: Column, counts: Map<string, number>): [string, string] {
  const labels = [...counts.keys()].sort(compareLabels);
  if (labels.length > 2) {
    throw new PodiumError(
      'MODEL_CONFIG_INVALID',
      `The input feature "${feature.name}" has type binary but ${labels.length} distinct values (e.g. ${labels.slice(0, 4).join(', ')}); use category`,
      { key: feature.name, expected: 'binary', distinct: labels.length, columnType: column.type },
    );
  }
  // A constant column still gets two levels so the state has one shape; the second never occurs.
  if (labels.length === 1) return [labels[0], labels[0]];
  if (labels.length === 0) return ['0', '1'];
  return [labels[0], labels[1]];
}

function fitDate(feature: InputFeature, column: Column, rows: Uint32Array): DateInputState {
  if (column.type !== 'date') throw mismatch(feature, column, 'input feature');
  const times = presentNumbers(column, rows);
  // A part that never varies in training (the weekday of weekly data, the year of one year's
  // rows) carries no signal, and a value it takes later would reach weights that never learnt.
  const parts = DATE_PARTS.map((part) => ({ part, ...meanStd(times.map((time) => datePart(time, part))) }))
    .filter(({ std }) => std > 0)
    .map(({ part, mean, std }) => ({ part, mean, std }));
  return feature.default === undefined
    ? { kind: 'date', name: feature.name, parts }
    : { kind: 'date', name: feature.name, parts, default: feature.default };
}

function fitCategory(feature: InputFeature, column: Column, rows: Uint32Array): CategoryInputState {
  if (column.type === 'date') throw mismatch(feature, column, 'input feature');
  const limit = feature.preprocessing?.most_common ?? DEFAULT_MOST_COMMON;
  const vocabulary = [...labelCounts(column, rows).entries()]
    .sort((a, b) => b[1] - a[1] || compareLabels(a[0], b[0]))
    .slice(0, limit)
    .map(([label]) => label);
  return { kind: 'category', name: feature.name, vocabulary };
}

function fitTarget(output: OutputFeature, column: Column, rows: Uint32Array): TargetState {
  if (output.type === 'number') {
    const { mean, std } = meanStd(trainingNumbers(output, column, rows, 'output feature'));
    return { name: output.name, task: 'number', mean, std: std > 0 ? std : 1 };
  }
  if (column.type === 'date' || column.type === 'text' || column.type === 'id') {
    throw mismatch(output, column, 'output feature');
  }
  const counts = labelCounts(column, rows);
  const seen = [...counts.keys()].sort(compareLabels);
  if (seen.length < 2) {
    throw new PodiumError(
      'DATA_INVALID',
      `The output feature "${output.name}" has ${seen.length === 0 ? 'no values' : `only the value "${seen[0]}"`} in the training rows; a classifier needs at least two classes`,
      { field: output.name, classes: seen },
    );
  }
  if (output.type === 'binary') {
    if (seen.length > 2) {
      throw new PodiumError(
        'MODEL_CONFIG_INVALID',
        `The output feature "${output.name}" has type binary but ${seen.length} classes in the training rows; use category`,
        { key: 'output_features.0.type', expected: 'category', classes: seen.slice(0, 20) },
      );
    }
    const classes = column.type === 'binary' ? [...column.levels] : seen;
    return { name: output.name, task: 'binary', classes };
  }
  return { name: output.name, task: 'category', classes: seen };
}

/** The training rows' values of a number feature; refuses a non-numeric column or one with none. */
function trainingNumbers(
  feature: { name: string; type: string },
  column: Column,
  rows: Uint32Array,
  role: 'input feature' | 'output feature',
): number[] {
  if (column.type !== 'numeric' && column.type !== 'integer' && column.type !== 'binary') {
    throw mismatch(feature, column, role);
  }
  const values = presentNumbers(column, rows);
  if (values.length === 0) {
    throw new PodiumError(
      'DATA_INVALID',
      `The ${role} "${feature.name}" has no values in the training rows`,
      {
        field: feature.name,
      },
    );
  }
  return values;
}

function presentNumbers(column: Column, rows: Uint32Array): number[] {
  const values: number[] = [];
  for (const row of rows) {
    const value = numberAt(column, row);
    if (Number.isFinite(value)) values.push(value);
  }
  return values;
}

function labelCounts(column: Column, rows: Uint32Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const label = labelAt(column, row);
    if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: 0, std: 0 };
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let variance = 0;
  for (const value of values) variance += (value - mean) ** 2;
  return { mean, std: Math.sqrt(variance / values.length) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A minimal profile of a column, for when the dataset's own profile was not passed in. */
function profileOf(column: Column): ColumnProfile {
  const profile: ColumnProfile = { name: column.name, type: column.type, count: 0, missing: 0, distinct: 0 };
  if (column.type === 'binary') {
    profile.distinct = 2;
    profile.levels = [...column.levels];
  }
  // A table built in memory holds epoch milliseconds; records for it are read as ISO dates.
  if (column.type === 'date') profile.date = { min: '', max: '', format: 'ISO-8601' };
  return profile;
}
