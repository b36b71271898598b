-- Registry and lifecycle events, written in the transaction that makes the change (an outbox):
-- an event exists exactly when its change does, whichever process made it (the CLI, the app,
-- the scheduler), and a webhook receives it even if that process exits before delivering.
CREATE TABLE lifecycle_events (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  model_name TEXT,
  data_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX lifecycle_events_by_model ON lifecycle_events(model_name, id);

-- One row per event and webhook endpoint. `endpoint` names the webhook by a hash of its URL (the
-- URL itself may carry a token and is never stored). A row is claimed (`claimed_until`) by the
-- process delivering it, so two processes on one workspace never send the same event twice at once.
CREATE TABLE event_deliveries (
  event_id INTEGER NOT NULL REFERENCES lifecycle_events(id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL,
  host TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  next_attempt_at TEXT NOT NULL,
  claimed_until TEXT,
  delivered_at TEXT,
  PRIMARY KEY (event_id, endpoint)
);
CREATE INDEX event_deliveries_due ON event_deliveries(status, next_attempt_at);

-- Where an endpoint starts: a webhook configured today receives today's events, not the history.
CREATE TABLE event_endpoints (
  endpoint TEXT PRIMARY KEY,
  first_event_id INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
