-- Live traffic through the gateway: one row per model per request. The champion's row carries
-- the features; shadow rows carry only their prediction, joined by request_id.
CREATE TABLE prediction_log (
  request_id TEXT NOT NULL,
  model_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('champion', 'shadow')),
  features_json TEXT,
  prediction_json TEXT,
  status INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (request_id, version)
);
CREATE INDEX prediction_log_by_model_time ON prediction_log(model_name, created_at);

-- Ground truth that arrives later, attached to a request.
CREATE TABLE feedback (
  request_id TEXT PRIMARY KEY,
  actual_json TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- Model services: what should run (desired_state, set by any CLI) and what does (state, written
-- by the `podium serve` process that owns them and reconciles the two).
CREATE TABLE services (
  model_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('champion', 'shadow')),
  runtime TEXT NOT NULL CHECK (runtime IN ('process', 'docker')),
  desired_state TEXT NOT NULL CHECK (desired_state IN ('running', 'stopped')),
  -- 1 when a user asked for this service by hand (podium services start), beyond champion and shadows.
  pinned INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  url TEXT,
  handle TEXT,
  restarts INTEGER NOT NULL DEFAULT 0,
  log_file TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (model_name, version)
);
