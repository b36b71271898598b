/** A dataset snapshot's Table kept in binary columns beside its CSV (`<id>.columns`). */
export {
  COLUMNS_EXTENSION,
  type ColumnsRead,
  columnsPathFor,
  readColumnsFile,
  writeColumnsFile,
} from './columns-file.js';
export { type StoredColumn, type StoredColumns, storedColumnsOf } from './columns-format.js';
