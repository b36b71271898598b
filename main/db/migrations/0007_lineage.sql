-- Lineage: what produced each training run, and every batch prediction made with a version.
-- A table rather than namespaced run tags, so columns are typed and a chain is one join.

-- One row per training run. Git fields are null when the run did not start inside a git
-- repository (or git is missing). config_sha256 hashes the Podium config after secrets were
-- redacted; no config text is stored, so no secret can reach this table.
CREATE TABLE run_lineage (
  run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  git_commit TEXT,
  git_branch TEXT,
  git_dirty INTEGER CHECK (git_dirty IN (0, 1)),
  podium_version TEXT NOT NULL,
  config_sha256 TEXT NOT NULL,
  model_config_sha256 TEXT NOT NULL,
  dataset_id TEXT REFERENCES datasets(id),
  split_json TEXT NOT NULL,
  seeds_json TEXT NOT NULL,
  library_versions_json TEXT NOT NULL,
  backend TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

-- Batch predictions. input_sha256 is the SHA-256 of the input file's bytes: the same naming as
-- dataset snapshots, though the input is not copied into the workspace.
CREATE TABLE predictions (
  id TEXT PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES model_versions(id),
  model_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  input_path TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  output_path TEXT NOT NULL,
  output_sha256 TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  git_commit TEXT,
  git_branch TEXT,
  git_dirty INTEGER CHECK (git_dirty IN (0, 1)),
  podium_version TEXT NOT NULL,
  library_versions_json TEXT NOT NULL,
  backend TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX predictions_by_version ON predictions(version_id, created_at);
