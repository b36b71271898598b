-- The schema a fresh workspace gets from main/db/migrations (test/db/schema-snapshot.test.ts).
-- Regenerate: UPDATE_SCHEMA_SNAPSHOT=1 node --test dist/test/db/schema-snapshot.test.js

-- index alerts_by_status on alerts
CREATE INDEX alerts_by_status ON alerts(status, last_seen_at);

-- index alerts_one_unresolved_per_key on alerts
CREATE UNIQUE INDEX alerts_one_unresolved_per_key ON alerts(dedup_key) WHERE status != 'resolved';

-- index audit_log_by_model on audit_log
CREATE INDEX audit_log_by_model ON audit_log(model_name, id);

-- index baking_periods_by_model on baking_periods
CREATE INDEX baking_periods_by_model ON baking_periods(model_name, id);

-- index baking_periods_one_open_per_model on baking_periods
CREATE UNIQUE INDEX baking_periods_one_open_per_model ON baking_periods(model_name) WHERE status = 'baking';

-- index decisions_by_model on decisions
CREATE INDEX decisions_by_model ON decisions(model_name, created_at);

-- index drift_reports_by_model on drift_reports
CREATE INDEX drift_reports_by_model ON drift_reports(model_name, created_at);

-- index event_deliveries_due on event_deliveries
CREATE INDEX event_deliveries_due ON event_deliveries(status, next_attempt_at);

-- index job_runs_by_job on job_runs
CREATE INDEX job_runs_by_job ON job_runs(job, started_at);

-- index lifecycle_events_by_model on lifecycle_events
CREATE INDEX lifecycle_events_by_model ON lifecycle_events(model_name, id);

-- index one_champion_per_model on model_versions
CREATE UNIQUE INDEX one_champion_per_model ON model_versions(model_name) WHERE stage = 'champion';

-- index one_open_shadow_test_per_challenger on shadow_tests
CREATE UNIQUE INDEX one_open_shadow_test_per_challenger ON shadow_tests(challenger_version_id) WHERE status IN ('pending', 'running');

-- index prediction_log_by_model_time on prediction_log
CREATE INDEX prediction_log_by_model_time ON prediction_log(model_name, created_at);

-- index predictions_by_version on predictions
CREATE INDEX predictions_by_version ON predictions(version_id, created_at);

-- index runs_by_experiment on runs
CREATE INDEX runs_by_experiment ON runs(experiment_id, started_at);

-- index runs_by_parent on runs
CREATE INDEX runs_by_parent ON runs(parent_run_id);

-- index service_minutes_by_time on service_minutes
CREATE INDEX service_minutes_by_time ON service_minutes(minute_ms);

-- index service_samples_by_time on service_samples
CREATE INDEX service_samples_by_time ON service_samples(at_ms);

-- index sqlite_autoindex_baking_periods_1 on baking_periods
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_datasets_1 on datasets
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_event_deliveries_1 on event_deliveries
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_event_endpoints_1 on event_endpoints
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_experiments_1 on experiments
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_feedback_1 on feedback
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_model_versions_1 on model_versions
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_models_1 on models
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_prediction_log_1 on prediction_log
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_predictions_1 on predictions
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_releases_1 on releases
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_releases_2 on releases
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_run_artifacts_1 on run_artifacts
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_run_lineage_1 on run_lineage
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_run_metrics_1 on run_metrics
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_run_params_1 on run_params
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_run_tags_1 on run_tags
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_runs_1 on runs
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_scheduler_locks_1 on scheduler_locks
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_service_minutes_1 on service_minutes
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_service_samples_1 on service_samples
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_services_1 on services
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index sqlite_autoindex_workspace_meta_1 on workspace_meta
-- made by SQLite for a UNIQUE or PRIMARY KEY constraint

-- index transitions_by_version on transitions
CREATE INDEX transitions_by_version ON transitions(version_id);

-- table alerts on alerts
CREATE TABLE "alerts" ( id INTEGER PRIMARY KEY, rule TEXT NOT NULL CHECK (rule IN ( 'performance_drop', 'dataset_drift', 'service_down', 'service_unhealthy', 'error_rate', 'shadow_test_finished', 'cycle_failed', 'champion_rolled_back' )), severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')), model_name TEXT, title TEXT NOT NULL, message TEXT NOT NULL, evidence_json TEXT NOT NULL, dedup_key TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')), count INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, acknowledged_at TEXT, acknowledged_by TEXT, resolved_at TEXT, resolved_by TEXT, -- Webhook delivery: 'none' when no webhook is configured. delivery_status TEXT NOT NULL DEFAULT 'none' CHECK (delivery_status IN ('none', 'pending', 'delivered', 'failed')), delivery_attempts INTEGER NOT NULL DEFAULT 0, delivery_last_status INTEGER, delivery_last_error TEXT, delivered_at TEXT );

-- table approvals on approvals
CREATE TABLE approvals ( decision_id INTEGER PRIMARY KEY REFERENCES decisions(id), verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'rejected')), actor TEXT NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL );

-- table audit_log on audit_log
CREATE TABLE audit_log ( id INTEGER PRIMARY KEY, environment TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ( 'release', 'promote', 'promotion_requested', 'approved', 'rejected', 'rollback' )), model_name TEXT NOT NULL, from_version INTEGER, to_version INTEGER, decision_id INTEGER REFERENCES decisions(id), actor TEXT NOT NULL, reason TEXT NOT NULL, details_json TEXT NOT NULL, created_at TEXT NOT NULL );

-- table baking_periods on baking_periods
CREATE TABLE baking_periods ( id INTEGER PRIMARY KEY, model_name TEXT NOT NULL, version INTEGER NOT NULL, version_id INTEGER NOT NULL REFERENCES model_versions(id), -- The champion before the promotion: what a breach rolls back to. previous_version INTEGER, promotion_transition_id INTEGER NOT NULL UNIQUE REFERENCES transitions(id), promotion_decision_id INTEGER REFERENCES decisions(id), started_at TEXT NOT NULL, ends_at TEXT NOT NULL, -- superseded: the champion changed during baking by other hands (a promotion or a manual rollback). status TEXT NOT NULL CHECK (status IN ('baking', 'passed', 'rolled_back', 'superseded')), last_checked_at TEXT, -- The latest guard check: each guard's value, limit and verdict. guards_json TEXT NOT NULL DEFAULT '[]', -- The guards that tripped, when the period ended in a rollback. breach_json TEXT, rollback_decision_id INTEGER REFERENCES decisions(id), ended_at TEXT );

-- table datasets on datasets
CREATE TABLE datasets ( id TEXT PRIMARY KEY, path TEXT NOT NULL, source_name TEXT NOT NULL, bytes INTEGER NOT NULL, row_count INTEGER NOT NULL, profile_json TEXT NOT NULL, created_at TEXT NOT NULL , delimiter TEXT NOT NULL DEFAULT ',' CHECK (delimiter IN (',', ';', char(9), '|')), decimal_mark TEXT NOT NULL DEFAULT '.' CHECK (decimal_mark IN ('.', ',')), date_formats_json TEXT);

-- table decisions on decisions
CREATE TABLE decisions ( id INTEGER PRIMARY KEY, model_name TEXT NOT NULL REFERENCES models(name), outcome TEXT NOT NULL CHECK (outcome IN ( 'promote', 'keep_champion', 'start_shadow', 'awaiting_approval', 'reject', 'inconclusive', 'rollback' )), champion_version_id INTEGER REFERENCES model_versions(id), challenger_version_id INTEGER REFERENCES model_versions(id), evaluation_dataset_id TEXT REFERENCES datasets(id), evaluation_rows INTEGER, metrics_json TEXT NOT NULL, thresholds_json TEXT NOT NULL, reasons_json TEXT NOT NULL, summary TEXT NOT NULL, actor TEXT NOT NULL, created_at TEXT NOT NULL );

-- table drift_reports on drift_reports
CREATE TABLE drift_reports ( id INTEGER PRIMARY KEY, model_name TEXT NOT NULL, version INTEGER NOT NULL, source TEXT NOT NULL CHECK (source IN ('file', 'live')), dataset_id TEXT REFERENCES datasets(id), window_from TEXT, window_to TEXT, rows INTEGER NOT NULL, dataset_drift INTEGER NOT NULL CHECK (dataset_drift IN (0, 1)), drift_share REAL NOT NULL, report_json TEXT NOT NULL, created_at TEXT NOT NULL );

-- table event_deliveries on event_deliveries
CREATE TABLE event_deliveries ( event_id INTEGER NOT NULL REFERENCES lifecycle_events(id) ON DELETE CASCADE, endpoint TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')), attempts INTEGER NOT NULL DEFAULT 0, last_status INTEGER, last_error TEXT, next_attempt_at TEXT NOT NULL, claimed_until TEXT, delivered_at TEXT, PRIMARY KEY (event_id, endpoint) );

-- table event_endpoints on event_endpoints
CREATE TABLE event_endpoints ( endpoint TEXT PRIMARY KEY, first_event_id INTEGER NOT NULL, created_at TEXT NOT NULL );

-- table experiments on experiments
CREATE TABLE experiments ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL );

-- table feedback on feedback
CREATE TABLE feedback ( request_id TEXT PRIMARY KEY, actual_json TEXT NOT NULL, received_at TEXT NOT NULL );

-- table job_runs on job_runs
CREATE TABLE job_runs ( id INTEGER PRIMARY KEY, job TEXT NOT NULL, triggered_by TEXT NOT NULL CHECK (triggered_by IN ('schedule', 'catch_up', 'manual')), scheduled_for TEXT, owner TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, duration_ms INTEGER, outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')), error TEXT, summary_json TEXT );

-- table lifecycle_events on lifecycle_events
CREATE TABLE lifecycle_events ( id INTEGER PRIMARY KEY, type TEXT NOT NULL, model_name TEXT, data_json TEXT NOT NULL, created_at TEXT NOT NULL );

-- table model_versions on model_versions
CREATE TABLE model_versions ( id INTEGER PRIMARY KEY, model_name TEXT NOT NULL REFERENCES models(name), version INTEGER NOT NULL, stage TEXT NOT NULL CHECK (stage IN ('none', 'challenger', 'champion', 'shadow', 'archived')), run_id TEXT NOT NULL REFERENCES runs(id), dataset_id TEXT NOT NULL REFERENCES datasets(id), model_type TEXT NOT NULL, package_path TEXT NOT NULL, package_sha256 TEXT NOT NULL, metrics_json TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (model_name, version) );

-- table models on models
CREATE TABLE models ( name TEXT PRIMARY KEY, task TEXT NOT NULL CHECK (task IN ('binary', 'category', 'number')), target TEXT NOT NULL, created_at TEXT NOT NULL );

-- table prediction_log on prediction_log
CREATE TABLE prediction_log ( request_id TEXT NOT NULL, model_name TEXT NOT NULL, version INTEGER NOT NULL, role TEXT NOT NULL CHECK (role IN ('champion', 'shadow')), features_json TEXT, prediction_json TEXT, status INTEGER NOT NULL, latency_ms REAL NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (request_id, version) );

-- table predictions on predictions
CREATE TABLE predictions ( id TEXT PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES model_versions(id), model_name TEXT NOT NULL, version INTEGER NOT NULL, input_path TEXT NOT NULL, input_sha256 TEXT NOT NULL, output_path TEXT NOT NULL, output_sha256 TEXT NOT NULL, row_count INTEGER NOT NULL, git_commit TEXT, git_branch TEXT, git_dirty INTEGER CHECK (git_dirty IN (0, 1)), podium_version TEXT NOT NULL, library_versions_json TEXT NOT NULL, backend TEXT NOT NULL, created_at TEXT NOT NULL );

-- table releases on releases
CREATE TABLE releases ( id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL UNIQUE REFERENCES model_versions(id), source_environment TEXT NOT NULL, source_workspace_id TEXT NOT NULL, source_workspace_path TEXT NOT NULL, source_model TEXT NOT NULL, source_version INTEGER NOT NULL, source_package_sha256 TEXT NOT NULL, package_sha256 TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (source_workspace_id, source_model, source_package_sha256) );

-- table run_artifacts on run_artifacts
CREATE TABLE run_artifacts ( run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, path TEXT NOT NULL, kind TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (run_id, path) );

-- table run_lineage on run_lineage
CREATE TABLE run_lineage ( run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, git_commit TEXT, git_branch TEXT, git_dirty INTEGER CHECK (git_dirty IN (0, 1)), podium_version TEXT NOT NULL, config_sha256 TEXT NOT NULL, model_config_sha256 TEXT NOT NULL, dataset_id TEXT REFERENCES datasets(id), split_json TEXT NOT NULL, seeds_json TEXT NOT NULL, library_versions_json TEXT NOT NULL, backend TEXT NOT NULL, recorded_at TEXT NOT NULL );

-- table run_metrics on run_metrics
CREATE TABLE run_metrics ( run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, key, step) );

-- table run_params on run_params
CREATE TABLE run_params ( run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key) );

-- table run_tags on run_tags
CREATE TABLE run_tags ( run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key) );

-- table runs on runs
CREATE TABLE runs ( id TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments(id), parent_run_id TEXT REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')), dataset_id TEXT REFERENCES datasets(id), artifact_dir TEXT, error TEXT, started_at TEXT NOT NULL, ended_at TEXT );

-- table scheduler_locks on scheduler_locks
CREATE TABLE scheduler_locks ( name TEXT PRIMARY KEY, owner TEXT NOT NULL, acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL );

-- table schema_migrations on schema_migrations
CREATE TABLE schema_migrations ( version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL );

-- table service_minutes on service_minutes
CREATE TABLE service_minutes ( model_name TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('service', 'gateway')), version INTEGER NOT NULL, -- Start of the minute; samples are assigned to the minute their scrape happened in. minute_ms INTEGER NOT NULL CHECK (minute_ms % 60000 = 0), role TEXT CHECK (role IN ('champion', 'shadow')), samples INTEGER NOT NULL, up_samples INTEGER NOT NULL, -- Seconds covered by the successful samples: throughput is requests / seconds. seconds REAL NOT NULL, requests INTEGER, errors INTEGER, model_errors INTEGER, p50_seconds REAL, p95_seconds REAL, p99_seconds REAL, buckets_json TEXT, cpu_percent REAL, cpu_percent_max REAL, memory_bytes INTEGER, memory_bytes_max INTEGER, client_errors INTEGER, PRIMARY KEY (model_name, source, version, minute_ms), CHECK ((source = 'gateway') = (version = 0 AND role IS NULL)) );

-- table service_samples on service_samples
CREATE TABLE service_samples ( model_name TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('service', 'gateway')), version INTEGER NOT NULL, role TEXT CHECK (role IN ('champion', 'shadow')), at_ms INTEGER NOT NULL, -- Time since the previous successful scrape of this target: what the deltas below cover. interval_ms INTEGER NOT NULL CHECK (interval_ms >= 0), -- 0 when the scrape failed; the request figures are then NULL. up INTEGER NOT NULL CHECK (up IN (0, 1)), requests INTEGER, errors INTEGER, model_errors INTEGER, p50_seconds REAL, p95_seconds REAL, p99_seconds REAL, -- The interval's latency histogram as [[upper_bound, cumulative_count], ...] (+Inf as null), -- so minute aggregates recompute exact quantiles instead of averaging them. buckets_json TEXT, cpu_percent REAL, memory_bytes INTEGER, client_errors INTEGER, PRIMARY KEY (model_name, source, version, at_ms), CHECK ((source = 'gateway') = (version = 0 AND role IS NULL)) );

-- table services on services
CREATE TABLE services ( model_name TEXT NOT NULL, version INTEGER NOT NULL, role TEXT NOT NULL CHECK (role IN ('champion', 'shadow')), runtime TEXT NOT NULL CHECK (runtime IN ('process', 'docker')), desired_state TEXT NOT NULL CHECK (desired_state IN ('running', 'stopped')), -- 1 when a user asked for this service by hand (podium services start), beyond champion and shadows. pinned INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL, url TEXT, handle TEXT, restarts INTEGER NOT NULL DEFAULT 0, log_file TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (model_name, version) );

-- table shadow_tests on shadow_tests
CREATE TABLE shadow_tests ( id INTEGER PRIMARY KEY, model_name TEXT NOT NULL REFERENCES models(name), champion_version_id INTEGER NOT NULL REFERENCES model_versions(id), challenger_version_id INTEGER NOT NULL REFERENCES model_versions(id), status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'stopped')), decision_id INTEGER NOT NULL REFERENCES decisions(id), duration_days REAL NOT NULL, min_samples INTEGER NOT NULL, created_at TEXT NOT NULL, started_at TEXT, ended_at TEXT );

-- table transitions on transitions
CREATE TABLE transitions ( id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES model_versions(id), from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, decision_id INTEGER REFERENCES decisions(id), created_at TEXT NOT NULL );

-- table workspace_meta on workspace_meta
CREATE TABLE workspace_meta ( key TEXT PRIMARY KEY, value TEXT NOT NULL );
