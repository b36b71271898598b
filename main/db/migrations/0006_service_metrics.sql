-- Service health as time series, written by the service-metrics sampler every few seconds.
-- Raw samples are kept a day and one-minute aggregates a month; compaction turns the first into
-- the second. Times are Unix milliseconds (UTC), not ISO text: these tables are range-scanned and
-- bucketed by minute, which integer arithmetic does cheaply.
--
-- source 'service' rows describe one model version's own service; source 'gateway' rows describe
-- the model's stable address as callers see it, and carry version 0 and no role.

CREATE TABLE service_samples (
  model_name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('service', 'gateway')),
  version INTEGER NOT NULL,
  role TEXT CHECK (role IN ('champion', 'shadow')),
  at_ms INTEGER NOT NULL,
  -- Time since the previous successful scrape of this target: what the deltas below cover.
  interval_ms INTEGER NOT NULL CHECK (interval_ms >= 0),
  -- 0 when the scrape failed; the request figures are then NULL.
  up INTEGER NOT NULL CHECK (up IN (0, 1)),
  requests INTEGER,
  errors INTEGER,
  model_errors INTEGER,
  p50_seconds REAL,
  p95_seconds REAL,
  p99_seconds REAL,
  -- The interval's latency histogram as [[upper_bound, cumulative_count], ...] (+Inf as null),
  -- so minute aggregates recompute exact quantiles instead of averaging them.
  buckets_json TEXT,
  cpu_percent REAL,
  memory_bytes INTEGER,
  PRIMARY KEY (model_name, source, version, at_ms),
  CHECK ((source = 'gateway') = (version = 0 AND role IS NULL))
);
CREATE INDEX service_samples_by_time ON service_samples(at_ms);

CREATE TABLE service_minutes (
  model_name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('service', 'gateway')),
  version INTEGER NOT NULL,
  -- Start of the minute; samples are assigned to the minute their scrape happened in.
  minute_ms INTEGER NOT NULL CHECK (minute_ms % 60000 = 0),
  role TEXT CHECK (role IN ('champion', 'shadow')),
  samples INTEGER NOT NULL,
  up_samples INTEGER NOT NULL,
  -- Seconds covered by the successful samples: throughput is requests / seconds.
  seconds REAL NOT NULL,
  requests INTEGER,
  errors INTEGER,
  model_errors INTEGER,
  p50_seconds REAL,
  p95_seconds REAL,
  p99_seconds REAL,
  buckets_json TEXT,
  cpu_percent REAL,
  cpu_percent_max REAL,
  memory_bytes INTEGER,
  memory_bytes_max INTEGER,
  PRIMARY KEY (model_name, source, version, minute_ms),
  CHECK ((source = 'gateway') = (version = 0 AND role IS NULL))
);
CREATE INDEX service_minutes_by_time ON service_minutes(minute_ms);
