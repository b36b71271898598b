/**
 * `podium monitor`'s one read of everything monitoring knows about a model, in the snake_case
 * shape its `--json` has always printed (service points and alerts keep their camelCase fields).
 */
import type { Task } from './common.js';
import type { Alert } from './monitoring.js';

export type PerformanceWindow = 'hour' | 'day';

export type PerformancePoint = {
  /** Start of the UTC hour or day (ISO 8601). */
  window_start: string;
  requests: number;
  labelled: number;
  /** The task's metrics on the labelled requests; {} when none is labelled. */
  metrics: Record<string, number>;
};

export type PerformanceOverTime = {
  model_name: string;
  task: Task;
  window: PerformanceWindow;
  from: string;
  to: string;
  classes: string[] | null;
  versions: { version: number; role: 'champion' | 'shadow' | null; points: PerformancePoint[] }[];
};

export type MetricReconciliation = {
  estimated: number | null;
  realised: number | null;
  labelled_share: number;
  difference: number | null;
};

export type EstimatedWindow = {
  window_start: string;
  requests: number;
  labelled: number;
  labelled_share: number;
  calibration: { method: string; rows: number; reason: string } | null;
  uncalibrated_accuracy: number | null;
  accuracy_standard_error: number | null;
  metrics: Record<string, MetricReconciliation>;
  reliable: boolean;
  warnings: string[];
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
  assumptions: string[];
  versions: {
    version: number;
    role: 'champion' | 'shadow' | null;
    estimable: boolean;
    reason: string | null;
    windows: EstimatedWindow[];
  }[];
};

export type PerformanceDrop = {
  model_name: string;
  version: number | null;
  dropped: boolean;
  status: 'dropped' | 'ok' | 'insufficient_labels' | 'no_champion' | 'no_reference' | 'undefined_metric';
  metric: string;
  direction: 'higher' | 'lower';
  evaluated: number | null;
  observed: number | null;
  relative_drop: number | null;
  threshold: number;
  labelled: number;
  min_labelled: number;
  window: PerformanceWindow;
  from: string | null;
  to: string | null;
  windows: number;
  reason: string;
};

/** One sample (or aggregate) of a service's metrics; latencies in seconds. */
export type ServiceMetricsSample = {
  atMs: number;
  seconds: number;
  upShare: number;
  samples: number;
  requests: number | null;
  throughput: number | null;
  errors: number | null;
  errorRate: number | null;
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
