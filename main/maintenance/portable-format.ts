import type { CsvDialect } from '../contract/csv-dialect.js';
import type { JsonValue } from '../contract/index.js';
import type { DatasetProfile } from '../data/types.js';
import type { RunLineage } from '../lineage/index.js';
import type { Stage } from '../registry/index.js';
import type { Task } from '../training/types.js';
import type { FileHashes } from './archive-writer.js';

/**
 * A portable model version (`podium export`): the package folder under `package/`, optionally
 * the training dataset snapshot under `dataset/<id>.csv`, the lineage record, and last the
 * integrity manifest covering every other entry.
 */
export const EXPORT_PACKAGE_DIR = 'package';
export const EXPORT_DATASET_DIR = 'dataset';
export const EXPORT_LINEAGE = 'lineage.json';
export const EXPORT_INTEGRITY = 'integrity.json';

export type ExportIntegrity = {
  format: 'podium-export-integrity/1';
  /** The package folder's hash as the registry records it (sha256Directory of `package/`). */
  package_sha256: string;
  files: FileHashes;
};

export type ExportLineage = {
  format: 'podium-model-export/1';
  exported_at: string;
  podium_version: string;
  model: { name: string; task: Task; target: string };
  version: {
    version: number;
    stage: Stage;
    model_type: string;
    run_id: string;
    dataset_id: string;
    package_sha256: string;
    metrics: Record<string, number>;
    created_at: string;
  };
  run: {
    id: string;
    experiment: string;
    name: string;
    status: string;
    parent_run_id: string | null;
    started_at: string;
    ended_at: string | null;
    params: Record<string, string>;
    tags: Record<string, string>;
    metrics: Record<string, number>;
  } | null;
  run_lineage: ArchivedRunLineage | null;
  dataset: {
    id: string;
    source_name: string;
    bytes: number;
    profile: DatasetProfile;
    /** How the snapshot is written; exports made before dialects were recorded have none. */
    dialect?: CsvDialect;
    /** Whether `dataset/<id>.csv` is in the archive. */
    included: boolean;
  } | null;
  /** Decisions about this version in the source workspace (their ids mean nothing elsewhere). */
  decisions: {
    id: number;
    outcome: string;
    role: 'champion' | 'challenger';
    summary: string;
    created_at: string;
  }[];
  transitions: { from_stage: Stage; to_stage: Stage; actor: string; reason: string; created_at: string }[];
};

/** A run's lineage as exports hold it: its code version in snake_case (`git_commit`, …), as ever. */
export type ArchivedRunLineage = Omit<RunLineage, 'code'> & { code: JsonValue };

/** Model names become folder names: keep them to one safe path segment. */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
