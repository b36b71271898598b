/** Parquet in and out: read as Podium's own CSV, written from it, through DuckDB loaded on first use. */
export { csvToParquet, type ParquetType, parquetTypeOf } from './csv-to-parquet.js';
export { withDuckDb } from './duckdb.js';
export { type ParquetColumn, parquetColumns } from './parquet-columns.js';
export {
  checkNoCsvDialect,
  isParquetFile,
  type ParquetInput,
  snapshotIdOf,
  withCsvOf,
} from './parquet-input.js';
