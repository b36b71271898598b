import type { DecimalMark } from '../../contract/csv-dialect.js';
import { isMissingToken, numberParser, parseNumeric } from '../cell-values.js';
import { binaryLevels } from '../column-builder.js';
import type { ColumnarTable, TypedColumn } from '../columnar/columnar-table.js';
import { isDateFormat, parseDate } from '../date-formats.js';
import type { Column, ColumnProfile, DatasetProfile, Table } from '../types.js';

/**
 * The Table `loadTable` would parse from a snapshot, made from the typed columns its ingest read
 * (drift on a file): each cell read as the stored profile says, the way column-builder.ts reads
 * it, from the distinct texts rather than every cell. Null where a column's texts were not kept
 * (a number column the profile calls text): then the columns file is left to the first load.
 */
export function tableFromColumnar(
  table: ColumnarTable,
  profile: DatasetProfile,
  decimal: DecimalMark,
): Table | null {
  if (table.columns.length !== profile.columns.length) return null;
  const columns: Column[] = [];
  for (let c = 0; c < table.columns.length; c++) {
    const column = columnAs(table.columns[c], profile.columns[c], decimal);
    if (column === null) return null;
    columns.push(column);
  }
  return { rowCount: table.rowCount, columns };
}

function columnAs(source: TypedColumn, profile: ColumnProfile, decimal: DecimalMark): Column | null {
  const name = profile.name;
  if (source.name !== name) return null;
  switch (profile.type) {
    case 'numeric':
    case 'integer':
      if (source.kind === 'number') return { name, type: profile.type, values: source.values };
      return { name, type: profile.type, values: fromTexts(source, numberParser(decimal)) };
    case 'date': {
      const format = profile.date?.format;
      if (source.kind === 'number' || format === undefined || !isDateFormat(format)) return null;
      return { name, type: 'date', values: fromTexts(source, (text) => parseDate(text.trim(), format)) };
    }
    case 'binary': {
      const levels = binaryLevels(profile);
      const numericLevels = levels.map((level) => parseNumeric(level));
      if (source.kind === 'number') {
        if (numericLevels.some(Number.isNaN)) return null;
        const values = new Float64Array(source.values.length);
        source.values.forEach((value, i) => {
          values[i] = value === numericLevels[0] ? 0 : value === numericLevels[1] ? 1 : Number.NaN;
        });
        return { name, type: 'binary', values, levels };
      }
      const parse = numberParser(decimal);
      const byNumber = !numericLevels.some(Number.isNaN);
      const level = (text: string): number => {
        if (text === levels[0]) return 0;
        if (text === levels[1]) return 1;
        if (!byNumber) return Number.NaN;
        const value = parse(text);
        return value === numericLevels[0] ? 0 : value === numericLevels[1] ? 1 : Number.NaN;
      };
      return { name, type: 'binary', values: fromTexts(source, (text) => level(text.trim())), levels };
    }
    default: {
      if (source.kind === 'number') return null;
      const texts = source.dictionary.map((text) => {
        const trimmed = text.trim();
        return isMissingToken(trimmed) ? null : trimmed;
      });
      const values: (string | null)[] = new Array(source.codes.length);
      source.codes.forEach((code, i) => {
        values[i] = code < 0 ? null : texts[code];
      });
      return { name, type: profile.type, values };
    }
  }
}

/** Each row's value, read once per distinct text. */
function fromTexts(
  source: Exclude<TypedColumn, { kind: 'number' }>,
  read: (text: string) => number,
): Float64Array {
  const byCode = source.dictionary.map(read);
  const values = new Float64Array(source.codes.length);
  source.codes.forEach((code, i) => {
    values[i] = code < 0 ? Number.NaN : byCode[code];
  });
  return values;
}
