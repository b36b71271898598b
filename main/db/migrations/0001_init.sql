-- Datasets: immutable CSV snapshots named by the SHA-256 of their bytes.
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  source_name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  profile_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  parent_run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')),
  dataset_id TEXT REFERENCES datasets(id),
  artifact_dir TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX runs_by_experiment ON runs(experiment_id, started_at);
CREATE INDEX runs_by_parent ON runs(parent_run_id);

CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);

-- One row per metric per step (epoch); final metrics use step -1.
CREATE TABLE run_metrics (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  value REAL NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, key, step)
);

CREATE TABLE run_artifacts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (run_id, path)
);

CREATE TABLE models (
  name TEXT PRIMARY KEY,
  task TEXT NOT NULL CHECK (task IN ('binary', 'category', 'number')),
  target TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A version's stage is its alias. The partial unique index below lets the database itself
-- refuse a second champion for a model.
CREATE TABLE model_versions (
  id INTEGER PRIMARY KEY,
  model_name TEXT NOT NULL REFERENCES models(name),
  version INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('none', 'challenger', 'champion', 'shadow', 'archived')),
  run_id TEXT NOT NULL REFERENCES runs(id),
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  model_type TEXT NOT NULL,
  package_path TEXT NOT NULL,
  package_sha256 TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (model_name, version)
);
CREATE UNIQUE INDEX one_champion_per_model ON model_versions(model_name) WHERE stage = 'champion';

CREATE TABLE transitions (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES model_versions(id),
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  decision_id INTEGER REFERENCES decisions(id),
  created_at TEXT NOT NULL
);
CREATE INDEX transitions_by_version ON transitions(version_id);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  model_name TEXT NOT NULL REFERENCES models(name),
  outcome TEXT NOT NULL CHECK (outcome IN (
    'promote', 'keep_champion', 'start_shadow', 'awaiting_approval', 'reject', 'inconclusive', 'rollback'
  )),
  champion_version_id INTEGER REFERENCES model_versions(id),
  challenger_version_id INTEGER REFERENCES model_versions(id),
  evaluation_dataset_id TEXT REFERENCES datasets(id),
  evaluation_rows INTEGER,
  metrics_json TEXT NOT NULL,
  thresholds_json TEXT NOT NULL,
  reasons_json TEXT NOT NULL,
  summary TEXT NOT NULL,
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX decisions_by_model ON decisions(model_name, created_at);

CREATE TABLE shadow_tests (
  id INTEGER PRIMARY KEY,
  model_name TEXT NOT NULL REFERENCES models(name),
  champion_version_id INTEGER NOT NULL REFERENCES model_versions(id),
  challenger_version_id INTEGER NOT NULL REFERENCES model_versions(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'stopped')),
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  duration_days REAL NOT NULL,
  min_samples INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT
);
CREATE UNIQUE INDEX one_open_shadow_test_per_challenger
  ON shadow_tests(challenger_version_id) WHERE status IN ('pending', 'running');
