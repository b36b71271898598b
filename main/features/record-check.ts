import { isMissingToken } from '../data/index.js';
import type { ColumnProfile, Table } from '../data/types.js';
import { type CellReader, cellReader } from './record-cells.js';
import { isMissingValue } from './record-fields.js';
import type { InputState, Preprocessing } from './types.js';

/**
 * A value training would refuse: a date that does not parse, text in a number field, or (in a
 * prediction request) a date left out that has no request-time default. `record` is the index
 * of the record (or table row) it is in.
 */
export type RefusedValue = {
  field: string;
  record: number;
  problem: 'missing' | 'invalid';
  value: unknown;
  /** What the field takes, for a message: "a number", "a date (DD-MM-YYYY or ISO 8601)". */
  expected: string;
};

/** An input a record holds no value for; `sent` is false when the field was not in the record at all. */
export type MissingValue = { field: string; record: number; sent: boolean };

/** A category (or binary) value training never saw: answered as "unknown", like a blank one. */
export type UnseenValue = { field: string; record: number; value: string };

export type RecordCheck = {
  /** The first refused value, or null; then the missing and unseen values, in record order. */
  check(records: readonly Record<string, unknown>[]): {
    refused: RefusedValue | null;
    missing: MissingValue[];
    unseen: UnseenValue[];
  };
};

/** Distinct date texts remembered per date input; bounds a long-running service's memory. */
const DATE_MEMO_LIMIT = 4096;

type Verdict = 'ok' | 'missing' | 'invalid' | 'unseen';

/**
 * The checks a prediction request's records get before they are scored, compiled from the
 * fitted preprocessing: values are read as the record encoder reads them (record-cells.ts), so
 * what is refused here is exactly what would otherwise have been scored as a silent "missing".
 * A null, blank or absent category or number is missing, as a blank CSV cell is in training;
 * a date without a value is refused, since the caller must say which day it means (a date the
 * config defaults to the request time was filled in before, by RecordFields).
 */
export function compileRecordCheck(pre: Preprocessing): RecordCheck {
  const steps = pre.inputs.flatMap((input) => {
    const profile = pre.columns.find((column) => column.name === input.name);
    const reader = profile === undefined ? null : cellReader(profile);
    // Without a reader the table path reads the record and reports the problem its own way.
    if (profile === undefined || reader === null) return [];
    return [{ name: input.name, expected: expectedValue(input, profile), judge: judgeFor(input, reader) }];
  });
  return {
    check(records) {
      let refused: RefusedValue | null = null;
      const missing: MissingValue[] = [];
      const unseen: UnseenValue[] = [];
      for (let record = 0; record < records.length && refused === null; record++) {
        const values = records[record];
        for (const step of steps) {
          const sent = Object.hasOwn(values, step.name);
          const value = sent ? values[step.name] : undefined;
          const verdict = step.judge(value);
          if (verdict === 'ok') continue;
          if (verdict === 'missing') missing.push({ field: step.name, record, sent });
          else if (verdict === 'unseen') unseen.push({ field: step.name, record, value: String(value) });
          else {
            const problem = isMissingValue(value) ? 'missing' : 'invalid';
            refused = { field: step.name, record, problem, value, expected: step.expected };
            break;
          }
        }
      }
      return { refused, missing, unseen };
    },
  };
}

function judgeFor(input: InputState, reader: CellReader): (value: unknown) => Verdict {
  switch (input.kind) {
    case 'number':
      return (value) =>
        isMissingValue(value) ? 'missing' : Number.isNaN(reader.number(value)) ? 'invalid' : 'ok';
    case 'binary':
      // A value that is neither level is encoded like a missing one, and said so.
      return (value) =>
        isMissingValue(value) ? 'missing' : Number.isNaN(reader.number(value)) ? 'unseen' : 'ok';
    case 'category': {
      const known = new Set(input.vocabulary);
      return (value) => {
        const label = reader.label(value);
        return label === null ? 'missing' : known.has(label) ? 'ok' : 'unseen';
      };
    }
    case 'date': {
      // Parsing a date costs more than the rest of a record; requests repeat dates.
      const memo = new Map<string, boolean>();
      return (value) => {
        if (isMissingValue(value)) return input.missing === 'nan' ? 'missing' : 'invalid';
        let parses = typeof value === 'string' ? memo.get(value) : undefined;
        if (parses === undefined) {
          parses = !Number.isNaN(reader.number(value));
          if (typeof value === 'string' && memo.size < DATE_MEMO_LIMIT) memo.set(value, parses);
        }
        return parses ? 'ok' : 'invalid';
      };
    }
  }
}

/** One sentence on a refused value; `name` is how to call the field (default `field 'x'`). */
export function refusalMessage(refused: RefusedValue, name = `field '${refused.field}'`): string {
  return refused.problem === 'missing'
    ? `${name} has no value: it must be ${refused.expected}, and this model does not default it to the time of the request`
    : `${name} must be ${refused.expected}; got ${JSON.stringify(refused.value)}`;
}

/**
 * What an input takes, in words: "a number", "a date (DD-MM-YYYY or ISO 8601)", "a category".
 * A request's date may also be ISO 8601 whatever the training file's format (`iso`); a CSV
 * cell is read in the file's format only, as training read it.
 */
export function expectedValue(input: InputState, profile: ColumnProfile | undefined, iso = true): string {
  switch (input.kind) {
    case 'number':
      return 'a number';
    case 'date': {
      const format = profile?.date?.format;
      if (format === undefined || format === 'ISO-8601') return 'a date (ISO 8601)';
      return iso ? `a date (${format} or ISO 8601)` : `a date (${format})`;
    }
    case 'binary':
      return `one of ${input.levels.map((level) => JSON.stringify(level)).join(', ')}`;
    case 'category':
      return 'a category';
  }
}

/**
 * Cells of a table read from CSV text that training would refuse: a number or date input whose
 * cell holds text that does not parse (the table has NaN where the text is not a missing token).
 * One entry per refused row, the first such cell of it, in row order. A blank cell is missing,
 * as in training.
 */
export function refusedCells(
  pre: Preprocessing,
  table: Table,
  textAt: (row: number, column: string) => string,
): RefusedValue[] {
  const refused = new Map<number, RefusedValue>();
  for (const input of pre.inputs) {
    if (input.kind !== 'number' && input.kind !== 'date') continue;
    const column = table.columns.find((candidate) => candidate.name === input.name);
    if (column === undefined || Array.isArray(column.values)) continue;
    const values = column.values as Float64Array;
    const profile = pre.columns.find((candidate) => candidate.name === input.name);
    for (let row = 0; row < values.length; row++) {
      if (!Number.isNaN(values[row]) || refused.has(row)) continue;
      const text = textAt(row, input.name);
      if (isMissingToken(text.trim())) continue;
      refused.set(row, {
        field: input.name,
        record: row,
        problem: 'invalid',
        value: text,
        expected: expectedValue(input, profile, false),
      });
    }
  }
  return [...refused.values()].sort((a, b) => a.record - b.record);
}
