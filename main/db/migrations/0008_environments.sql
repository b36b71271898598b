-- Environments (dev, prod), releases between them, approvals and the audit log.

-- Written once, when a workspace is first opened: which environment it belongs to and its own
-- identity, so a dev folder is never opened as prod by mistake and a release names its source.
CREATE TABLE workspace_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Versions that arrived by `podium release` from another workspace, and where from. The unique
-- key makes releasing the same package of the same source twice a conflict the schema refuses.
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL UNIQUE REFERENCES model_versions(id),
  source_environment TEXT NOT NULL,
  source_workspace_id TEXT NOT NULL,
  source_workspace_path TEXT NOT NULL,
  source_model TEXT NOT NULL,
  source_version INTEGER NOT NULL,
  source_package_sha256 TEXT NOT NULL,
  package_sha256 TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (source_workspace_id, source_model, source_package_sha256)
);

-- The answer to a decision that awaits approval: at most one per decision.
CREATE TABLE approvals (
  decision_id INTEGER PRIMARY KEY REFERENCES decisions(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'rejected')),
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Who changed which model is (or may become) champion, and why. Written in the same transaction
-- as the change itself.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  environment TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (
    'release', 'promote', 'promotion_requested', 'approved', 'rejected', 'rollback'
  )),
  model_name TEXT NOT NULL,
  from_version INTEGER,
  to_version INTEGER,
  decision_id INTEGER REFERENCES decisions(id),
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX audit_log_by_model ON audit_log(model_name, id);
