/**
 * Registry safety in the contract: doctor, backup, and the portable export/import of one version.
 * The reports keep the snake_case fields `podium … --json` has always printed (they are those
 * documents); the inputs are camelCase like every operation's.
 */

export type DoctorFindingCheck = 'database' | 'champion' | 'package' | 'orphan' | 'run' | 'temp';

export type DoctorFinding = {
  check: DoctorFindingCheck;
  /** A problem fails the check (exit code 1) until repaired; a notice is information only. */
  severity: 'problem' | 'notice';
  what: string;
  /** A workspace-relative path, or a model version. */
  where: string;
  repairable: boolean;
  repaired: boolean;
  /** What --repair did, or would do. */
  action: string | null;
  /** Why a repair was attempted and failed. */
  repairError: string | null;
};

export type DoctorReport = {
  workspace: string;
  repair: boolean;
  findings: DoctorFinding[];
  /** Problems found, repaired, and still there after this run (exit code 1 when any remain). */
  problems: number;
  repaired: number;
  remaining: number;
};

export type BackupReport = {
  file: string;
  created_at: string;
  files: number;
  bytes: number;
  versions: number;
};

export type ExportReport = {
  file: string;
  model: string;
  version: number;
  package_sha256: string;
  files: number;
  dataset_included: boolean;
};

export type ImportReport = {
  file: string;
  model: string;
  version: number;
  stage: string;
  package_path: string;
  package_sha256: string;
  source: { model: string; version: number; package_sha256: string };
  dataset_included: boolean;
  warnings: string[];
};

export type MaintenanceOperations = {
  /** Checks the registry against its files and SQLite; with `repair`, fixes what is safe. */
  'maintenance.doctor': {
    input: { repair?: boolean; staleRunAfterMs?: number; minAgeMs?: number };
    output: DoctorReport;
  };
  /** Writes the database, packages and snapshots to a new .tgz (a path on this machine). */
  'maintenance.backup': { input: { file: string }; output: BackupReport };
  /** Writes one version (package, lineage, training dataset unless left out) to a new .tgz. */
  'versions.export': {
    input: { model?: string; version?: number; file: string; includeDataset?: boolean };
    output: ExportReport;
  };
  /** Verifies an exported version and registers it as a new challenger (dev only). */
  'versions.import': { input: { file: string; model?: string }; output: ImportReport };
};
