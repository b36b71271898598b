import type { DecimalMark } from '../../contract/csv-dialect.js';
import { isMissingToken, numberParser, parseNumeric } from '../cell-values.js';
import { binaryLevels } from '../column-builder.js';
import type { ColumnarTable, TypedColumn } from '../columnar/columnar-table.js';
import { isDateFormat, parseDate } from '../date-formats.js';
import type { ColumnProfile, DatasetProfile } from '../types.js';
import type { StoredColumn, StoredColumns } from './columns-format.js';

/**
 * The Table `loadTable` would parse from a snapshot, made from the typed columns its ingest read
 * (drift on a file): each cell read as the stored profile says, the way column-builder.ts reads
 * it, from the distinct texts rather than every cell. Text columns keep the reader's codes, so no
 * text is looked up per row. Each column is converted only when it is written. Null where a
 * column's texts were not kept (a number column the profile calls text): then the columns file
 * is left to the first load.
 */
export function storedColumnsFromColumnar(
  table: ColumnarTable,
  profile: DatasetProfile,
  decimal: DecimalMark,
): StoredColumns | null {
  if (table.columns.length !== profile.columns.length) return null;
  const conversions: (() => StoredColumn)[] = [];
  for (let c = 0; c < table.columns.length; c++) {
    const conversion = conversionTo(table.columns[c], profile.columns[c], decimal);
    if (conversion === null) return null;
    conversions.push(conversion);
  }
  return {
    rowCount: table.rowCount,
    columns: (function* () {
      for (const convert of conversions) yield convert();
    })(),
  };
}

/** How `source` becomes the column the profile describes, or null where it cannot. */
function conversionTo(
  source: TypedColumn,
  profile: ColumnProfile,
  decimal: DecimalMark,
): (() => StoredColumn) | null {
  const name = profile.name;
  if (source.name !== name) return null;
  switch (profile.type) {
    case 'numeric':
    case 'integer': {
      const type = profile.type;
      if (source.kind === 'number') return () => ({ name, type, values: source.values });
      return () => ({ name, type, values: fromTexts(source, numberParser(decimal)) });
    }
    case 'date': {
      const format = profile.date?.format;
      if (source.kind === 'number' || format === undefined || !isDateFormat(format)) return null;
      return () => ({
        name,
        type: 'date',
        values: fromTexts(source, (text) => parseDate(text.trim(), format)),
      });
    }
    case 'binary': {
      const levels = binaryLevels(profile);
      const numericLevels = levels.map((level) => parseNumeric(level));
      if (source.kind === 'number') {
        if (numericLevels.some(Number.isNaN)) return null;
        return () => {
          const from = source.values;
          const values = new Float64Array(from.length);
          for (let i = 0; i < from.length; i++) {
            const value = from[i];
            values[i] = value === numericLevels[0] ? 0 : value === numericLevels[1] ? 1 : Number.NaN;
          }
          return { name, type: 'binary', values, levels };
        };
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
      return () => ({
        name,
        type: 'binary',
        values: fromTexts(source, (text) => level(text.trim())),
        levels,
      });
    }
    default: {
      if (source.kind === 'number') return null;
      const type = profile.type;
      return () => ({
        name,
        type,
        codes: source.codes,
        texts: source.dictionary.map((text) => {
          const trimmed = text.trim();
          return isMissingToken(trimmed) ? null : trimmed;
        }),
      });
    }
  }
}

/** Each row's value, read once per distinct text. */
function fromTexts(
  source: Exclude<TypedColumn, { kind: 'number' }>,
  read: (text: string) => number,
): Float64Array {
  const byCode = source.dictionary.map(read);
  const codes = source.codes;
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    values[i] = code < 0 ? Number.NaN : byCode[code];
  }
  return values;
}
