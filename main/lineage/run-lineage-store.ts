import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import type { RunLineage, SplitLineage } from './run-lineage.js';

type RunLineageRow = {
  run_id: string;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  podium_version: string;
  config_sha256: string;
  model_config_sha256: string;
  dataset_id: string | null;
  split_json: string;
  seeds_json: string;
  library_versions_json: string;
  backend: string;
  recorded_at: string;
};

const COLUMNS = `(run_id, git_commit, git_branch, git_dirty, podium_version, config_sha256, model_config_sha256,
  dataset_id, split_json, seeds_json, library_versions_json, backend, recorded_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** What produced each training run, one record per run. */
export class RunLineageStore {
  constructor(private readonly db: Db) {}

  /** Writes the run's record, replacing an earlier one: the latest describes the run as it finished. */
  record(lineage: RunLineage): void {
    prepared(this.db, `INSERT OR REPLACE INTO run_lineage ${COLUMNS}`).run(...toRow(lineage));
  }

  /** Writes the record only when the run has none yet (an import never overwrites local history). */
  recordIfAbsent(lineage: RunLineage): void {
    prepared(this.db, `INSERT OR IGNORE INTO run_lineage ${COLUMNS}`).run(...toRow(lineage));
  }

  get(runId: string): RunLineage | null {
    const row = prepared(this.db, 'SELECT * FROM run_lineage WHERE run_id = ?').get(runId) as
      | RunLineageRow
      | undefined;
    return row ? fromRow(row) : null;
  }
}

function toRow(lineage: RunLineage): unknown[] {
  return [
    lineage.runId,
    lineage.code.gitCommit,
    lineage.code.gitBranch,
    lineage.code.gitDirty === null ? null : Number(lineage.code.gitDirty),
    lineage.code.podiumVersion,
    lineage.configSha256,
    lineage.modelConfigSha256,
    lineage.datasetId,
    JSON.stringify(lineage.split),
    JSON.stringify(lineage.seeds),
    JSON.stringify(lineage.libraryVersions),
    lineage.backend,
    lineage.recordedAt,
  ];
}

function fromRow(row: RunLineageRow): RunLineage {
  return {
    runId: row.run_id,
    code: {
      gitCommit: row.git_commit,
      gitBranch: row.git_branch,
      gitDirty: row.git_dirty === null ? null : row.git_dirty === 1,
      podiumVersion: row.podium_version,
    },
    configSha256: row.config_sha256,
    modelConfigSha256: row.model_config_sha256,
    datasetId: row.dataset_id,
    split: JSON.parse(row.split_json) as SplitLineage,
    seeds: JSON.parse(row.seeds_json) as Record<string, number>,
    libraryVersions: JSON.parse(row.library_versions_json) as Record<string, string>,
    backend: row.backend,
    recordedAt: row.recorded_at,
  };
}
