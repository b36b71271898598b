import type { EncodedMatrix } from '../training/types.js';
import { datePart } from './date-parts.js';
import { numericNames } from './encode.js';
import { type CellReader, cellReader } from './record-cells.js';
import type { InputState, Preprocessing } from './types.js';

/**
 * Fitted preprocessing compiled for records as a service receives them: the same numbers
 * `encode(pre, tableFromRecords(records, …))` gives, written straight into an encoded matrix.
 * A request of one record otherwise pays for a columnar table, column builders and a
 * vocabulary Map per category feature, which costs far more than the model itself.
 */
export type RecordEncoder = {
  /** A zeroed matrix of `rows` rows in this preprocessing's layout. */
  createMatrix(rows: number): EncodedMatrix;
  /**
   * Encodes `records` into the first `records.length` rows of `x` (every cell of those rows is
   * written, so `x` may be reused). The records must be plain objects; unseen counts as `encode`.
   */
  encodeInto(
    records: readonly Record<string, unknown>[],
    x: EncodedMatrix,
  ): { unseenCategories: number; unseenByFeature: Record<string, number> };
};

/** Distinct date texts remembered per date feature; bounds a long-running service's memory. */
const DATE_MEMO_LIMIT = 4096;

/** Writes one record's value of one input into row `row`; returns 1 for an unseen label, else 0. */
type Step = {
  name: string;
  write(value: unknown, row: number, x: EncodedMatrix): number;
};

/**
 * Null when some column profile is one the table path refuses (it then reports the problem),
 * or an input has no column of its name.
 */
export function compileRecordEncoder(pre: Preprocessing): RecordEncoder | null {
  // tableFromRecords builds every profiled column, so one it cannot build fails every request.
  const readers = new Map<string, CellReader>();
  for (const profile of pre.columns) {
    const reader = cellReader(profile);
    if (reader === null) return null;
    // The table path reads an input from the first column of its name.
    if (!readers.has(profile.name)) readers.set(profile.name, reader);
  }
  const names = numericNames(pre);
  const width = names.length;
  const categoricalNames: string[] = [];
  const categoricalCardinalities: number[] = [];
  const steps: Step[] = [];
  let offset = 0;
  for (const input of pre.inputs) {
    const reader = readers.get(input.name);
    if (reader === undefined) return null;
    steps.push(compileStep(input, reader, width, offset, categoricalNames.length));
    if (input.kind === 'number' || input.kind === 'binary') offset += 1;
    else if (input.kind === 'date') offset += input.parts.length;
    else {
      categoricalNames.push(input.name);
      categoricalCardinalities.push(input.vocabulary.length + 1);
    }
  }

  return {
    createMatrix: (rows) => ({
      rows,
      numeric: new Float32Array(rows * width),
      numericWidth: width,
      numericNames: names,
      categorical: categoricalNames.map(() => new Int32Array(rows)),
      categoricalCardinalities,
      categoricalNames,
    }),
    encodeInto(records, x) {
      const unseenByFeature: Record<string, number> = {};
      let unseenCategories = 0;
      for (const step of steps) {
        const name = step.name;
        let unseen = 0;
        for (let row = 0; row < records.length; row++) {
          const record = records[row];
          unseen += step.write(Object.hasOwn(record, name) ? record[name] : undefined, row, x);
        }
        if (unseen > 0) unseenByFeature[name] = unseen;
        unseenCategories += unseen;
      }
      return { unseenCategories, unseenByFeature };
    },
  };
}

function compileStep(
  input: InputState,
  reader: CellReader,
  width: number,
  offset: number,
  categoricalIndex: number,
): Step {
  const name = input.name;
  switch (input.kind) {
    case 'number': {
      const { fill, center, scale } = input;
      return {
        name,
        write(value, row, x) {
          const raw = reader.number(value);
          x.numeric[row * width + offset] = ((Number.isFinite(raw) ? raw : fill) - center) / scale;
          return 0;
        },
      };
    }
    case 'binary': {
      const { levels, fill } = input;
      return {
        name,
        write(value, row, x) {
          const label = reader.label(value);
          let encoded = fill;
          let unseen = 0;
          if (label !== null) {
            const index = levels.indexOf(label);
            if (index >= 0) encoded = index;
            else unseen = 1;
          }
          x.numeric[row * width + offset] = encoded;
          return unseen;
        },
      };
    }
    case 'date': {
      const parts = input.parts;
      const missing = input.missing === 'nan' ? Number.NaN : 0;
      const encodeDate = (value: unknown): Float64Array => {
        const time = reader.number(value);
        const encoded = new Float64Array(parts.length);
        for (let p = 0; p < parts.length; p++) {
          const part = parts[p];
          // A missing date encodes as the training mean of every part, i.e. 0 after scaling.
          encoded[p] = Number.isFinite(time) ? (datePart(time, part.part) - part.mean) / part.std : missing;
        }
        return encoded;
      };
      // Parsing a date and taking it apart costs more than the rest of a record together, and
      // requests repeat dates (today's, a customer's signup), so each text's encoding is kept.
      const memo = new Map<string, Float64Array>();
      return {
        name,
        write(value, row, x) {
          let encoded = typeof value === 'string' ? memo.get(value) : undefined;
          if (encoded === undefined) {
            encoded = encodeDate(value);
            if (typeof value === 'string' && memo.size < DATE_MEMO_LIMIT) memo.set(value, encoded);
          }
          const base = row * width + offset;
          for (let p = 0; p < encoded.length; p++) x.numeric[base + p] = encoded[p];
          return 0;
        },
      };
    }
    case 'category': {
      const index = new Map(input.vocabulary.map((label, i) => [label, i + 1]));
      return {
        name,
        write(value, row, x) {
          const codes = x.categorical[categoricalIndex];
          const label = reader.label(value);
          const code = label === null ? 0 : index.get(label);
          codes[row] = code ?? 0;
          return code === undefined ? 1 : 0;
        },
      };
    }
  }
}
