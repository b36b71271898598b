import type { CsvDialect, CsvDialectOptions } from './csv-dialect.js';
import type { DatasetProfile } from './dataset-profile.js';

export type { ColumnProfile, ColumnType, DatasetProfile, Histogram } from './dataset-profile.js';

/** A dataset snapshot as the Data view lists it: named by the SHA-256 of the CSV's bytes. */
export type DatasetSummary = {
  id: string;
  sourceName: string;
  bytes: number;
  rows: number;
  columns: number;
  createdAt: string;
};

export type Dataset = DatasetSummary & { profile: DatasetProfile };

export type DataOperations = {
  /** Stores the CSV text as a snapshot and profiles it (same profile as `podium ingest`). */
  'data.ingest': {
    input: { fileName: string; csvText: string; dialect?: CsvDialectOptions };
    output: Dataset;
  };
  /**
   * How a CSV on this machine is written (separator, decimal mark, date formats), as read from
   * its first lines with `dialect` taking precedence and the training data of `model` (default:
   * the workspace's model) deciding dates the lines cannot: what a command announces before it reads.
   */
  'data.dialect': {
    input: { file: string; dialect?: CsvDialectOptions; model?: string };
    output: CsvDialect;
  };
  'data.list': { input: Record<string, never>; output: DatasetSummary[] };
  'data.profile': { input: { datasetId: string }; output: Dataset };
};
