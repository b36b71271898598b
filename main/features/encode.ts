import type { Column, Table } from '../data/types.js';
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
        const { fill, center, scale } = input;
        const values = column.values;
        if (values instanceof Float64Array) {
          for (let i = 0; i < n; i++) {
            const raw = values[rows[i]];
            numeric[i * width + offset] = ((Number.isFinite(raw) ? raw : fill) - center) / scale;
          }
        } else {
          for (let i = 0; i < n; i++) {
            const raw = numberAt(column, rows[i]);
            numeric[i * width + offset] = ((Number.isFinite(raw) ? raw : fill) - center) / scale;
          }
        }
        offset += 1;
        break;
      }
      case 'binary': {
        const { levels, fill } = input;
        // -1 for an unseen label: encoded as the fill and counted.
        const levelOf = memoByCell(column, (row) => {
          const label = labelAt(column, row);
          return label === null ? -2 : levels.indexOf(label);
        });
        for (let i = 0; i < n; i++) {
          const index = levelOf(rows[i]);
          if (index === -1) unseen++;
          numeric[i * width + offset] = index >= 0 ? index : fill;
        }
        offset += 1;
        break;
      }
      case 'date': {
        const parts = input.parts;
        const partCount = parts.length;
        const missing = input.missing === 'nan' ? Number.NaN : 0;
        // A date's parts depend on its time alone, and a million rows hold a few thousand dates.
        const seen = new Map<number, Float64Array>();
        const encodeTime = (time: number): Float64Array => {
          const encoded = new Float64Array(partCount);
          for (let p = 0; p < partCount; p++) {
            const part = parts[p];
            // A missing date encodes as the training mean of every part, i.e. 0 after scaling.
            encoded[p] = Number.isFinite(time) ? (datePart(time, part.part) - part.mean) / part.std : missing;
          }
          return encoded;
        };
        for (let i = 0; i < n; i++) {
          const time = numberAt(column, rows[i]);
          let encoded = seen.get(time);
          if (encoded === undefined) {
            encoded = encodeTime(time);
            if (seen.size < MEMO_LIMIT) seen.set(time, encoded);
          }
          const base = i * width + offset;
          for (let p = 0; p < partCount; p++) numeric[base + p] = encoded[p];
        }
        offset += partCount;
        break;
      }
      case 'category': {
        const index = new Map(input.vocabulary.map((label, i) => [label, i + 1]));
        // 0 for missing, -1 for a label not in the vocabulary (encoded as unknown and counted).
        const codeOf = memoByCell(column, (row) => {
          const label = labelAt(column, row);
          return label === null ? 0 : (index.get(label) ?? -1);
        });
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const code = codeOf(rows[i]);
          if (code === -1) unseen++;
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

/** Distinct cells remembered per column and call; beyond it, cells are read one by one. */
const MEMO_LIMIT = 65_536;

/**
 * `read(row)` remembered by the cell's value (a number or a label), so a column of a million
 * cells holding a few dozen values converts each value to a label and looks it up once: for a
 * numeric column read as a category, `String(value)` per row was most of the encoding time.
 */
function memoByCell(column: Column, read: (row: number) => number): (row: number) => number {
  const values = column.values as ArrayLike<number | string | null>;
  const seen = new Map<number | string | null, number>();
  return (row) => {
    const cell = values[row];
    let result = seen.get(cell);
    if (result === undefined) {
      result = read(row);
      if (seen.size < MEMO_LIMIT) seen.set(cell, result);
    }
    return result;
  };
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
