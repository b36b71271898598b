/**
 * `podium monitor`'s one read of everything monitoring knows about a model, in the snake_case
 * shape its `--json` has always printed (service points and alerts keep their camelCase fields).
 */
import type { Task } from './common.js';
import type { Alert } from './monitoring.js';

/** Rolling windows are calendar-aligned in UTC, so hourly and daily series line up across versions. */
export type PerformanceWindow = 'hour' | 'day';

export type PerformancePoint = {
  /** Start of the UTC hour or day (ISO 8601). */
  window_start: string;
  /** Answered requests (status 200) of this version in the window, labelled or not. */
  requests: number;
  /** Requests whose label arrived and names a class the model knows (or a finite number). */
  labelled: number;
  /** The task's metrics (computeMetrics) on the labelled requests; {} when none is labelled. */
  metrics: Record<string, number>;
};

export type PerformanceOverTime = {
  model_name: string;
  task: Task;
  window: PerformanceWindow;
  from: string;
  to: string;
  /** Class order used for the metrics (index 1 is the positive class of a binary model). */
  classes: string[] | null;
  versions: {
    version: number;
    /** The version's role in its latest request of the range; null without traffic. */
    role: 'champion' | 'shadow' | null;
    /** Windows with at least one request, oldest first. */
    points: PerformancePoint[];
  }[];
};

/** One metric of one window: the early read, and the truth as far as labels have arrived. */
export type MetricReconciliation = {
  /** CBPE's estimate over every request of the window; null when the task has none. */
  estimated: number | null;
  /** computeMetrics on the window's labelled requests; null before any label. */
  realised: number | null;
  labelled_share: number;
  /** realised − estimated: positive when the model did better than estimated. */
  difference: number | null;
};

export type EstimatedWindow = {
  window_start: string;
  requests: number;
  labelled: number;
  labelled_share: number;
  /** How this window's estimate was calibrated: never on the window's own labels. */
  calibration: { method: string; rows: number; reason: string } | null;
  /** The accuracy the model's own probabilities promise, before calibration. */
  uncalibrated_accuracy: number | null;
  /** Chance spread of the realised accuracy around the estimate, if the calibration holds. */
  accuracy_standard_error: number | null;
  metrics: Record<string, MetricReconciliation>;
  /** False when any warning applies: then read the estimate as a rough hint only. */
  reliable: boolean;
  warnings: string[];
  /** Observations that do not weaken the estimate (e.g. calibration corrected over-confidence). */
  notes: string[];
};

/** Confidence-based performance estimates (CBPE) before labels arrive; classifiers only. */
export type PerformanceEstimate = {
  model_name: string;
  task: Task;
  method: 'cbpe';
  window: PerformanceWindow;
  from: string;
  to: string;
  calibration_from: string;
  classes: string[] | null;
  /** What the estimates rest on, in words, for the report or the UI. */
  assumptions: string[];
  versions: {
    version: number;
    role: 'champion' | 'shadow' | null;
    /** Whether CBPE applies to this version (classifiers only). */
    estimable: boolean;
    /** Why there is no estimate, when there is none. */
    reason: string | null;
    windows: EstimatedWindow[];
  }[];
};

export type PerformanceDrop = {
  model_name: string;
  /** The champion checked; null when the model has none. */
  version: number | null;
  /** True only for a drop beyond the threshold on enough labels: alert and retrain. */
  dropped: boolean;
  status: 'dropped' | 'ok' | 'insufficient_labels' | 'no_champion' | 'no_reference' | 'undefined_metric';
  metric: string;
  direction: 'higher' | 'lower';
  /** The held-out value the version had at evaluation (its registry metrics). */
  evaluated: number | null;
  /** The value on the labelled live traffic of the windows used. */
  observed: number | null;
  /** Worsening relative to |evaluated|: a fall for higher-is-better metrics, a rise otherwise. */
  relative_drop: number | null;
  threshold: number;
  labelled: number;
  min_labelled: number;
  window: PerformanceWindow;
  /** The span of the latest windows pooled to reach min_labelled: from a window start to `now`. */
  from: string | null;
  to: string | null;
  windows: number;
  /** One sentence for an alert or a log line. */
  reason: string;
};

/** One sample (or a one-minute aggregate starting at `atMs`) of a service's metrics; latencies in seconds. */
export type ServiceMetricsSample = {
  atMs: number;
  /** Seconds of successful sampling the point covers. */
  seconds: number;
  /** Share of scrapes that succeeded: 0 or 1 for a raw sample. */
  upShare: number;
  samples: number;
  requests: number | null;
  /** Requests per second. */
  throughput: number | null;
  /** Server errors: 5xx answers. */
  errors: number | null;
  /** 5xx answers / requests; null without requests. */
  errorRate: number | null;
  /** Client errors: 4xx answers (refused requests), counted apart from the service's own errors. */
  clientErrors: number | null;
  /** 4xx answers / requests; null without requests. */
  clientErrorRate: number | null;
  modelErrors: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  cpuPercent: number | null;
  cpuPercentMax: number | null;
  memoryBytes: number | null;
  memoryBytesMax: number | null;
};

export type MonitorReport = {
  model: string;
  window: PerformanceWindow;
  from: string;
  to: string;
  performance: PerformanceOverTime | null;
  estimate: PerformanceEstimate | null;
  drop: PerformanceDrop | null;
  services: { version: number | 'gateway'; latest: ServiceMetricsSample | null }[];
  latest_drift: {
    id: number;
    version: number;
    created_at: string;
    dataset_drift: boolean;
    summary: string;
  } | null;
  open_alerts: Alert[];
};
