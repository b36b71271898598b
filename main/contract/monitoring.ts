import type { JobStarted, PodiumErrorData } from './common.js';

export type DriftStatus = 'ok' | 'warning' | 'drift' | 'not_applicable';

export type FeatureDrift = {
  name: string;
  kind: 'numeric' | 'categorical';
  status: DriftStatus;
  reason: string;
  decided_by: 'effect_size' | 'test' | 'schema' | 'none';
  n_reference: number;
  n_current: number;
  missing_current: number;
  statistics: Record<string, number>;
  /** Shares per bin (numeric: `edges`) or per category, reference against current. */
  histograms:
    | { edges: number[]; reference: number[]; current: number[] }
    | { categories: string[]; reference: number[]; current: number[] };
};

export type DriftReport = {
  dataset_drift: boolean;
  drift_share: number;
  drifted_features: number;
  applicable_features: number;
  features: FeatureDrift[];
  prediction?: FeatureDrift;
  summary: string;
};

export type StoredDriftReport = {
  id: number;
  model: string;
  version: number;
  source: 'file' | 'live';
  dataset_id: string | null;
  window: { from: string; to: string } | null;
  rows: number;
  created_at: string;
  report: DriftReport;
};

export type JobRun = {
  id: number;
  job: string;
  trigger: 'schedule' | 'catch_up' | 'manual';
  scheduledFor: string | null;
  owner: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  outcome: 'running' | 'succeeded' | 'failed' | 'skipped';
  error: PodiumErrorData | null;
  summary: Record<string, unknown> | null;
};

export type ScheduledJob = {
  name: string;
  cron: string;
  enabled: boolean;
  nextRun: string | null;
  lastRun: JobRun | null;
};

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export type Alert = {
  id: number;
  rule: string;
  severity: AlertSeverity;
  modelName: string | null;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  status: AlertStatus;
  count: number;
  createdAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
};

export type MonitoringOperations = {
  /**
   * With `datasetId`: checks that dataset against the champion's training reference now and
   * stores the report. Without: the latest stored report (null when none).
   */
  'drift.report': {
    input: { model?: string; datasetId?: string };
    output: StoredDriftReport | null;
  };
  'drift.history': { input: { model?: string; limit?: number }; output: StoredDriftReport[] };
  'scheduler.jobs': { input: Record<string, never>; output: ScheduledJob[] };
  'scheduler.history': { input: { job?: string; limit?: number }; output: JobRun[] };
  /** Runs a scheduled job now, in the background (kind `cycle`). */
  'scheduler.runNow': { input: { job: string }; output: JobStarted };
  /**
   * Runs the scheduled jobs in this process until it closes (`podium scheduler`): catches up what
   * was missed, then fires at each job's cron; each finished run arrives as `scheduler.ran`.
   * `enabled` false (scheduler.enabled off in the config) starts nothing.
   */
  'scheduler.start': { input: Record<string, never>; output: { enabled: boolean; jobs: ScheduledJob[] } };
  'alerts.list': { input: { status?: AlertStatus; limit?: number }; output: Alert[] };
  'alerts.acknowledge': { input: { id: number }; output: Alert };
};
