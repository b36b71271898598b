import { type ColumnarTable, codedNumbers, MS_PER_DAY, profileOf } from '../data/columnar/index.js';
import type { ModelSignature } from '../training/types.js';
import type { DriftColumn } from './drift/index.js';

/**
 * A model's inputs as drift columns, straight from the columnar reader's typed columns: numbers
 * are handed over as they are, categories as their dictionary codes, so no value becomes a string
 * per row. Column for column it is what `driftColumns` makes of a Table read with the same
 * profile (labels of number-valued categories are `String(value)`, as there), so the statistics
 * are the same. Dates are left out on purpose, as there.
 */
export function columnarDriftColumns(table: ColumnarTable, signature: ModelSignature): DriftColumn[] {
  const columns: DriftColumn[] = [];
  for (const input of signature.inputs) {
    if (input.type === 'date') continue;
    const column = table.columns.find((c) => c.name === input.name);
    if (!column) continue;
    const typeMismatches = column.mismatches.count;
    if (column.kind === 'category') {
      columns.push({
        name: input.name,
        kind: 'categorical',
        values: { codes: column.codes, dictionary: column.dictionary },
        typeMismatches,
      });
      continue;
    }
    // A date where the model wants something else is compared as the Table holds it: epoch ms.
    const numbers =
      column.kind === 'number' ? column.values : column.days.map((day) => Math.round(day * MS_PER_DAY));
    const type = profileOf(table, column).type;
    if (type === 'binary' || input.type === 'category' || input.type === 'binary') {
      // Two-valued and integer-coded categories are compared as categories, by their labels.
      columns.push({ name: input.name, kind: 'categorical', values: codedNumbers(numbers), typeMismatches });
      continue;
    }
    // The reader sorted a number column once for its profile; a date's ms are sorted here.
    const sortedFinite = column.kind === 'number' ? column.sorted : undefined;
    columns.push({ name: input.name, kind: 'numeric', values: numbers, typeMismatches, sortedFinite });
  }
  return columns;
}
