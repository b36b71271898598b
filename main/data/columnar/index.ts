/** Typed columns read straight from a CSV's bytes (issue 16): what heavy steps read instead of text. */

export { codedNumbers } from './coded-numbers.js';
export { snapshotCsvColumns } from './columnar-snapshot.js';
export {
  type CategoryColumn,
  type ColumnarTable,
  type DateColumn,
  MS_PER_DAY,
  type NumberColumn,
  profileOf,
  type TypedColumn,
  type TypeMismatches,
  validityBitmap,
} from './columnar-table.js';
export { type ColumnsRead, type ReadColumnsOptions, readCsvColumns } from './read-csv-columns.js';
