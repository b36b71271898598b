import { PodiumError } from '../../contract/errors.js';
import { type ColumnarTable, MS_PER_DAY } from '../../data/columnar/index.js';
import { createColumnBuilder } from '../../data/index.js';
import type { ColumnProfile, Table } from '../../data/types.js';

/**
 * A file read into typed columns, re-typed column by column as a model's reference data was
 * typed, so that the reference and the current rows of one column can stand in for each other
 * (attribution swaps them). Columns the file lacks are refused by name when `required`;
 * otherwise (the target) they are left out.
 */
export function profiledTable(
  table: ColumnarTable,
  columns: readonly ColumnProfile[],
  required: ReadonlySet<string>,
  label: string,
): Table {
  const missing = columns.filter((column) => required.has(column.name)).map((column) => column.name);
  const absent = missing.filter((name) => !table.columns.some((column) => column.name === name));
  if (absent.length > 0) {
    throw new PodiumError(
      'DATA_INVALID',
      `${table.file} lacks the column${absent.length > 1 ? 's' : ''} ${absent.map((name) => `"${name}"`).join(', ')} that ${label} needs`,
      { file: table.file, columns: absent },
    );
  }
  const out: Table['columns'] = [];
  for (const profile of columns) {
    const column = table.columns.find((candidate) => candidate.name === profile.name);
    if (!column) continue;
    const builder = createColumnBuilder(profile, table.rowCount);
    for (let row = 0; row < table.rowCount; row++) {
      if (column.kind === 'number') builder.addValue(column.values[row]);
      else if (column.kind === 'date') builder.addValue(Math.round(column.days[row] * MS_PER_DAY));
      else {
        const code = column.codes[row];
        builder.addValue(code < 0 ? undefined : column.dictionary[code]);
      }
    }
    out.push(builder.build(table.rowCount));
  }
  return { rowCount: table.rowCount, columns: out };
}
