import type { CsvDialect } from '../contract/csv-dialect.js';
import type { DatasetProfile } from '../contract/dataset-profile.js';

export type {
  CategoricalSummary,
  ColumnProfile,
  ColumnType,
  DatasetProfile,
  DateSummary,
  Histogram,
  NumericSummary,
} from '../contract/dataset-profile.js';

/** An immutable copy of an ingested CSV, named by the SHA-256 of its bytes. */
export type DatasetSnapshot = {
  /** SHA-256 hex of the file's bytes. */
  id: string;
  /** Absolute path of the stored copy: `<datasetsDir>/<id>.csv`. */
  path: string;
  /** File name the user gave. */
  sourceName: string;
  bytes: number;
  profile: DatasetProfile;
  /** How the file is written: its cells are read this way whenever the snapshot is loaded. */
  dialect: CsvDialect;
};

/**
 * A table in memory, column by column. Numeric, integer, binary and date columns are
 * Float64Array (dates as epoch milliseconds, UTC) with NaN for missing; binary columns
 * hold 0/1 after mapping their two values in sorted order (see `binaryLevels`);
 * category, text and id columns are arrays of strings with null for missing.
 */
export type Column =
  | { name: string; type: 'numeric' | 'integer' | 'date'; values: Float64Array }
  | { name: string; type: 'binary'; values: Float64Array; levels: [string, string] }
  | { name: string; type: 'category' | 'text' | 'id'; values: (string | null)[] };

export type Table = {
  rowCount: number;
  columns: Column[];
};
