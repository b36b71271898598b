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
  'data.ingest': { input: { fileName: string; csvText: string }; output: Dataset };
  'data.list': { input: Record<string, never>; output: DatasetSummary[] };
  'data.profile': { input: { datasetId: string }; output: Dataset };
};
