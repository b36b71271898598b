import type { Table } from '../data/types.js';
import type { EncodedMatrix, EncodedTarget } from '../training/types.js';
import { allRows, findColumn, labelAt, numberAt } from './columns.js';
import { datePart } from './date-parts.js';
import type { Preprocessing } from './types.js';

export type EncodedRows = {
  x: EncodedMatrix;
  /** Present when the table has the target column: NaN where it is missing, -1 for an unknown class. */
  y?: EncodedTarget;
  /** Non-missing category or binary values not in the fitted vocabulary; they were encoded as unknown. */
  unseenCategories: number;
  unseenByFeature: Record<string, number>;
};

/** Names of the numeric columns an input contributes, in encoding order. */
export function numericNames(pre: Preprocessing): string[] {
  const names: string[] = [];
  for (const input of pre.inputs) {
    if (input.kind === 'number' || input.kind === 'binary') names.push(input.name);
    else if (input.kind === 'date') for (const part of input.parts) names.push(`${input.name}_${part.part}`);
  }
  return names;
}

/**
 * Applies fitted preprocessing to `rows` of a table (all rows by default). Missing values are
 * imputed, so the numeric block never holds NaN; a category never seen in training maps to
 * the unknown index 0 and is counted rather than failing the prediction.
 */
export function encode(pre: Preprocessing, table: Table, rows: Uint32Array = allRows(table)): EncodedRows {
  const n = rows.length;
  const names = numericNames(pre);
  const width = names.length;
  const numeric = new Float32Array(n * width);
  const categorical: Int32Array[] = [];
  const categoricalCardinalities: number[] = [];
  const categoricalNames: string[] = [];
  const unseenByFeature: Record<string, number> = {};
  let unseenCategories = 0;
  let offset = 0;

  for (const input of pre.inputs) {
    const column = findColumn(table, input.name, 'input feature');
    let unseen = 0;
    switch (input.kind) {
      case 'number': {
        for (let i = 0; i < n; i++) {
          const raw = numberAt(column, rows[i]);
          const value = Number.isFinite(raw) ? raw : input.fill;
          numeric[i * width + offset] = (value - input.center) / input.scale;
        }
        offset += 1;
        break;
      }
      case 'binary': {
        for (let i = 0; i < n; i++) {
          const label = labelAt(column, rows[i]);
          let value = input.fill;
          if (label !== null) {
            const index = input.levels.indexOf(label);
            if (index >= 0) value = index;
            else unseen++;
          }
          numeric[i * width + offset] = value;
        }
        offset += 1;
        break;
      }
      case 'date': {
        for (let i = 0; i < n; i++) {
          const time = numberAt(column, rows[i]);
          input.parts.forEach((part, p) => {
            // A missing date encodes as the training mean of every part, i.e. 0 after scaling.
            numeric[i * width + offset + p] = Number.isFinite(time)
              ? (datePart(time, part.part) - part.mean) / part.std
              : 0;
          });
        }
        offset += input.parts.length;
        break;
      }
      case 'category': {
        const index = new Map(input.vocabulary.map((label, i) => [label, i + 1]));
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const label = labelAt(column, rows[i]);
          if (label === null) continue;
          const code = index.get(label);
          if (code === undefined) unseen++;
          else codes[i] = code;
        }
        categorical.push(codes);
        categoricalCardinalities.push(input.vocabulary.length + 1);
        categoricalNames.push(input.name);
        break;
      }
    }
    if (unseen > 0) unseenByFeature[input.name] = unseen;
    unseenCategories += unseen;
  }

  const x: EncodedMatrix = {
    rows: n,
    numeric,
    numericWidth: width,
    numericNames: names,
    categorical,
    categoricalCardinalities,
    categoricalNames,
  };
  const y = encodeTarget(pre, table, rows);
  return y ? { x, y, unseenCategories, unseenByFeature } : { x, unseenCategories, unseenByFeature };
}

function encodeTarget(pre: Preprocessing, table: Table, rows: Uint32Array): EncodedTarget | undefined {
  const column = table.columns.find((candidate) => candidate.name === pre.target.name);
  if (!column) return undefined;
  const target = pre.target;
  const values = new Float32Array(rows.length);
  if (target.task === 'number') {
    for (let i = 0; i < rows.length; i++) values[i] = (numberAt(column, rows[i]) - target.mean) / target.std;
    return { task: 'number', values };
  }
  const index = new Map(target.classes.map((label, i) => [label, i]));
  for (let i = 0; i < rows.length; i++) {
    const label = labelAt(column, rows[i]);
    values[i] = label === null ? Number.NaN : (index.get(label) ?? -1);
  }
  return { task: target.task, values, classes: [...target.classes] };
}
