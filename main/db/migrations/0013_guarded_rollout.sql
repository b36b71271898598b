-- Guarded rollout: after a promotion the new champion bakes for a while (rollout.baking_period)
-- while guards watch its 5xx rate, latency p99 and primary metric; a breach rolls it back.
-- One row per promotion, keyed by the transition that made the version champion, so whichever
-- process first sees the promotion (the scheduler, `podium rollout status`) opens its one row.
CREATE TABLE baking_periods (
  id INTEGER PRIMARY KEY,
  model_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  version_id INTEGER NOT NULL REFERENCES model_versions(id),
  -- The champion before the promotion: what a breach rolls back to.
  previous_version INTEGER,
  promotion_transition_id INTEGER NOT NULL UNIQUE REFERENCES transitions(id),
  promotion_decision_id INTEGER REFERENCES decisions(id),
  started_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  -- superseded: the champion changed during baking by other hands (a promotion or a manual rollback).
  status TEXT NOT NULL CHECK (status IN ('baking', 'passed', 'rolled_back', 'superseded')),
  last_checked_at TEXT,
  -- The latest guard check: each guard's value, limit and verdict.
  guards_json TEXT NOT NULL DEFAULT '[]',
  -- The guards that tripped, when the period ended in a rollback.
  breach_json TEXT,
  rollback_decision_id INTEGER REFERENCES decisions(id),
  ended_at TEXT
);
CREATE INDEX baking_periods_by_model ON baking_periods(model_name, id);
-- A model bakes one champion at a time: the invariant, not just a habit of the code.
CREATE UNIQUE INDEX baking_periods_one_open_per_model ON baking_periods(model_name) WHERE status = 'baking';

-- Alerts gain the rule `champion_rolled_back` (a guard rolled a champion back). SQLite cannot
-- alter a CHECK constraint, so the table is rebuilt with every row copied as it is.
CREATE TABLE alerts_new (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL CHECK (rule IN (
    'performance_drop', 'dataset_drift', 'service_down', 'service_unhealthy', 'error_rate',
    'shadow_test_finished', 'cycle_failed', 'champion_rolled_back'
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
INSERT INTO alerts_new SELECT id, rule, severity, model_name, title, message, evidence_json, dedup_key, status,
  count, created_at, last_seen_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, delivery_status,
  delivery_attempts, delivery_last_status, delivery_last_error, delivered_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE UNIQUE INDEX alerts_one_unresolved_per_key ON alerts(dedup_key) WHERE status != 'resolved';
CREATE INDEX alerts_by_status ON alerts(status, last_seen_at);
