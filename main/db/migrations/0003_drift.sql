-- Drift checks of a model version against its training data: the whole report (statistics,
-- verdicts with reasons, reference and current histograms) is kept so it can be plotted later.
CREATE TABLE drift_reports (
  id INTEGER PRIMARY KEY,
  model_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('file', 'live')),
  dataset_id TEXT REFERENCES datasets(id),
  window_from TEXT,
  window_to TEXT,
  rows INTEGER NOT NULL,
  dataset_drift INTEGER NOT NULL CHECK (dataset_drift IN (0, 1)),
  drift_share REAL NOT NULL,
  report_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX drift_reports_by_model ON drift_reports(model_name, created_at);
