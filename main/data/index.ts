/** The data room's public face: other rooms import from here, never from its private files. */
export { binaryLevelReader, isMissingToken, parseNumeric } from './cell-values.js';
export { type ColumnBuilder, createColumnBuilder } from './column-builder.js';
export { CsvSegmenter } from './csv-segmenter.js';
export { DatasetStore, type StoredDataset } from './dataset-store.js';
export { DATE_FORMATS, type DateFormat, inferDateFormat, isDateFormat, parseDate } from './date-formats.js';
export { type IngestOptions, ingestCsvInThread } from './ingest-csv.js';
export { ingestCsv } from './ingest-off-thread.js';
export { loadTable, tableFromRecords } from './load-table.js';
export {
  BASELINE_FILE,
  DEFAULT_SAMPLE_SEED,
  DRIFT_FILE,
  generateSampleData,
  SAMPLE_TARGET,
  type SampleDataOptions,
  writeSampleData,
} from './sample-data.js';
export { CsvProblemError, parseSegment, recordStartLine } from './segment-parser.js';
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
