import type { Table } from '../data/types.js';
import type { ModelSignature, Prediction } from '../training/types.js';
import type { DriftColumn, PredictionColumn } from './drift/index.js';

/**
 * A model's inputs as drift columns, for the given rows of a table. Dates are left out on
 * purpose: new data is always later than training data, so a date "drifts" by construction and
 * would only drown the features that matter.
 */
export function driftColumns(
  table: Table,
  rows: Uint32Array | null,
  signature: ModelSignature,
): DriftColumn[] {
  const columns: DriftColumn[] = [];
  for (const input of signature.inputs) {
    if (input.type === 'date') continue;
    const column = table.columns.find((c) => c.name === input.name);
    if (!column) continue;
    const indices = rows ?? Uint32Array.from({ length: table.rowCount }, (_, i) => i);
    const values = column.values;
    if (Array.isArray(values)) {
      columns.push({
        name: input.name,
        kind: 'categorical',
        values: Array.from(indices, (row) => values[row]),
      });
      continue;
    }
    const numbers = values as Float64Array;
    if (column.type === 'binary' || input.type === 'category' || input.type === 'binary') {
      // Two-valued and integer-coded categories are compared as categories, by their labels.
      const levels = 'levels' in column ? column.levels : null;
      const label = (value: number) => (Number.isNaN(value) ? null : levels ? levels[value] : String(value));
      columns.push({
        name: input.name,
        kind: 'categorical',
        values: Array.from(indices, (row) => label(numbers[row])),
      });
      continue;
    }
    columns.push({
      name: input.name,
      kind: 'numeric',
      values: Float64Array.from(indices, (row) => numbers[row]),
    });
  }
  return columns;
}

/**
 * The model's output as one drift column: the positive class's probability for binary models,
 * the predicted class for multiclass ones, the predicted value for regression.
 */
export function predictionColumn(signature: ModelSignature, predictions: Prediction[]): PredictionColumn {
  const { output } = signature;
  if (output.type === 'binary') {
    const positive = output.classes?.[1] ?? '1';
    return {
      name: `${output.name} (P(${positive}))`,
      kind: 'numeric',
      values: Float64Array.from(predictions, (p) => p.probabilities?.[positive] ?? Number.NaN),
    };
  }
  if (output.type === 'category') {
    return { name: output.name, kind: 'categorical', values: predictions.map((p) => String(p.value)) };
  }
  return {
    name: output.name,
    kind: 'numeric',
    values: Float64Array.from(predictions, (p) => Number(p.value)),
  };
}
