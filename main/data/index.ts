/** The data room's public face: other rooms import from here, never from its private files. */
export {
  binaryLevelReader,
  hasOtherDecimalMark,
  isMissingToken,
  numberParser,
  parseDecimalComma,
  parseNumeric,
} from './cell-values.js';
export { checkDecimalMark } from './column-accumulator.js';
export { type ColumnBuilder, createColumnBuilder } from './column-builder.js';
export {
  type CsvReading,
  DEFAULT_CSV_DIALECT,
  dateFormatsOf,
  isDefaultDialect,
  legacyDialect,
  ownFormat,
  type SampledDialect,
  sampleDialect,
  sampleDialectOfText,
  sampledDateFormats,
} from './csv-dialect.js';
export { CsvSegmenter } from './csv-segmenter.js';
export { DatasetStore, type StoredDataset } from './dataset-store.js';
export {
  chooseDateFormat,
  DATE_FORMATS,
  type DateFormat,
  dateFormatsReading,
  isDateFormat,
  nearDateFormat,
  parseDate,
} from './date-formats.js';
export { type IngestOptions, ingestCsvInThread } from './ingest-csv.js';
export { ingestCsv } from './ingest-off-thread.js';
export { loadTable, tableFromRecords } from './load-table.js';
export {
  checkNoCsvDialect,
  csvToParquet,
  isParquetFile,
  type ParquetInput,
  type ParquetType,
  parquetColumns,
  parquetTypeOf,
  snapshotIdOf,
  withCsvOf,
  withDuckDb,
} from './parquet/index.js';
export {
  BASELINE_FILE,
  DEFAULT_SAMPLE_SEED,
  DRIFT_FILE,
  generateSampleData,
  SAMPLE_TARGET,
  type SampleDataOptions,
  writeSampleData,
} from './sample-data.js';
export { CellProblem, CsvProblemError, parseSegment, recordStartLine } from './segment-parser.js';
export { COLUMNS_EXTENSION, columnsPathFor } from './snapshot-columns/index.js';
export { type SnapshotState, snapshotState } from './snapshot-integrity.js';
export type {
  CategoricalSummary,
  Column,
  ColumnProfile,
  ColumnType,
  DatasetProfile,
  DatasetSnapshot,
  DateSummary,
  Histogram,
  NumericSummary,
  Table,
} from './types.js';
