import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import type { Workspace } from '../workspace/index.js';
import { fromStoredPath, toStoredPath } from '../workspace/stored-path.js';
import type { CodeVersion } from './code-version.js';

/** The predictions table of a workspace: its paths are stored relative to the workspace folder. */
type PredictionTable = Pick<Workspace, 'db' | 'paths'>;

/** One batch prediction: which model scored which file into which output. */
export type PredictionRecord = {
  id: string;
  versionId: number;
  modelName: string;
  version: number;
  inputPath: string;
  /** SHA-256 of the input file's bytes: the input's dataset id. */
  inputSha256: string;
  outputPath: string;
  outputSha256: string;
  rowCount: number;
  code: CodeVersion;
  libraryVersions: Record<string, string>;
  backend: string;
  createdAt: string;
};

type PredictionRow = {
  id: string;
  version_id: number;
  model_name: string;
  version: number;
  input_path: string;
  input_sha256: string;
  output_path: string;
  output_sha256: string;
  row_count: number;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  podium_version: string;
  library_versions_json: string;
  backend: string;
  created_at: string;
};

function toRecord(row: PredictionRow, root: string): PredictionRecord {
  return {
    id: row.id,
    versionId: row.version_id,
    modelName: row.model_name,
    version: row.version,
    inputPath: fromStoredPath(root, row.input_path),
    inputSha256: row.input_sha256,
    outputPath: fromStoredPath(root, row.output_path),
    outputSha256: row.output_sha256,
    rowCount: row.row_count,
    code: {
      gitCommit: row.git_commit,
      gitBranch: row.git_branch,
      gitDirty: row.git_dirty === null ? null : row.git_dirty === 1,
      podiumVersion: row.podium_version,
    },
    libraryVersions: JSON.parse(row.library_versions_json) as Record<string, string>,
    backend: row.backend,
    createdAt: row.created_at,
  };
}

export function insertPrediction(workspace: PredictionTable, record: PredictionRecord): void {
  const root = workspace.paths.root;
  prepared(
    workspace.db,
    `INSERT INTO predictions (id, version_id, model_name, version, input_path, input_sha256, output_path,
       output_sha256, row_count, git_commit, git_branch, git_dirty, podium_version, library_versions_json,
       backend, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.id,
    record.versionId,
    record.modelName,
    record.version,
    toStoredPath(root, record.inputPath),
    record.inputSha256,
    toStoredPath(root, record.outputPath),
    record.outputSha256,
    record.rowCount,
    record.code.gitCommit,
    record.code.gitBranch,
    record.code.gitDirty === null ? null : Number(record.code.gitDirty),
    record.code.podiumVersion,
    JSON.stringify(record.libraryVersions),
    record.backend,
    record.createdAt,
  );
}

export function getPrediction(workspace: PredictionTable, id: string): PredictionRecord | null {
  const row = prepared(workspace.db, 'SELECT * FROM predictions WHERE id = ?').get(id) as
    | PredictionRow
    | undefined;
  return row ? toRecord(row, workspace.paths.root) : null;
}

export function predictionsForVersion(workspace: PredictionTable, versionId: number): PredictionRecord[] {
  return (
    prepared(workspace.db, 'SELECT * FROM predictions WHERE version_id = ? ORDER BY created_at, rowid').all(
      versionId,
    ) as PredictionRow[]
  ).map((row) => toRecord(row, workspace.paths.root));
}

/** The ids of the latest batch predictions, newest first (to name what exists when an id is unknown). */
export function recentPredictionIds(db: Db, limit = 5): string[] {
  return (
    prepared(db, 'SELECT id FROM predictions ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as {
      id: string;
    }[]
  ).map((row) => row.id);
}
