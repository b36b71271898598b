-- Alerts: one row per distinct problem. A repeat of an unresolved alert (same dedup_key) bumps
-- count and last_seen_at instead of adding a row, so a flapping check cannot flood the list.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL CHECK (rule IN (
    'performance_drop', 'dataset_drift', 'service_down', 'service_unhealthy', 'error_rate',
    'shadow_test_finished', 'cycle_failed'
  )),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  model_name TEXT,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence_json TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  count INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT,
  resolved_at TEXT,
  resolved_by TEXT,
  -- Webhook delivery: 'none' when no webhook is configured.
  delivery_status TEXT NOT NULL DEFAULT 'none'
    CHECK (delivery_status IN ('none', 'pending', 'delivered', 'failed')),
  delivery_attempts INTEGER NOT NULL DEFAULT 0,
  delivery_last_status INTEGER,
  delivery_last_error TEXT,
  delivered_at TEXT
);
-- At most one unresolved alert per key: the de-duplication is an invariant, not just a habit.
CREATE UNIQUE INDEX alerts_one_unresolved_per_key ON alerts(dedup_key) WHERE status != 'resolved';
CREATE INDEX alerts_by_status ON alerts(status, last_seen_at);

-- Single-flight locks with a lease: a holder that dies stops renewing, and its lock can be taken
-- over once expires_at has passed, so a crash never blocks the scheduler for ever.
CREATE TABLE scheduler_locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Every scheduled, caught-up or manual job run, including the ones skipped because the lock was
-- busy. scheduled_for is the cron fire time a run answers (NULL for manual runs).
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  triggered_by TEXT NOT NULL CHECK (triggered_by IN ('schedule', 'catch_up', 'manual')),
  scheduled_for TEXT,
  owner TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_ms INTEGER,
  outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')),
  error TEXT,
  summary_json TEXT
);
CREATE INDEX job_runs_by_job ON job_runs(job, started_at);
