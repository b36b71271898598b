import type { JobStarted, JsonValue, PodiumErrorData } from './common.js';
import type { CsvDialectOptions } from './csv-dialect.js';
import type { DecisionOutcome } from './lifecycle.js';
import type { MonitorReport } from './monitor-report.js';

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
  /** Drifted features / applicable features (0 when none is applicable). */
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
  /** What the run did (null while it runs, and when it failed): one shape per built-in job. */
  summary: JobRunSummary | null;
};

/** The lifecycle cycle: what it trained, decided and cleaned, and the alerts it raised. */
export type CycleRunSummary = {
  model: string;
  trained: { version: number; run_id: string; decision_id: number | null }[];
  decisions: { id: number; outcome: DecisionOutcome; summary: string }[];
  removed_runs: number;
  plan: string[];
  alert_ids: number[];
  decision_ids: number[];
};

/** The daily clean-up of expired runs. */
export type CleanupRunSummary = {
  removed_runs: number;
  removed_artifact_dirs: number;
  decision_ids: number[];
};

/** The weekly maintenance: job runs and resolved alerts older than `cutoff` forgotten. */
export type MaintenanceRunSummary = {
  cutoff: string;
  pruned_job_runs: number;
  pruned_resolved_alerts: number;
  decision_ids: number[];
};

/** A run skipped because another process held the job's lock. */
export type LockBusyRunSummary = {
  reason: 'lock busy';
  lock: string;
  holder: string;
  lease_expires_at: string;
};

/** A job added beside the built-in ones (`createLifecycleScheduler({ jobs })`) reports what it likes. */
export type CustomJobRunSummary = { decision_ids: number[]; [key: string]: JsonValue };

export type JobRunSummary =
  | CycleRunSummary
  | CleanupRunSummary
  | MaintenanceRunSummary
  | LockBusyRunSummary
  | CustomJobRunSummary;

export type ScheduledJob = {
  name: string;
  cron: string;
  enabled: boolean;
  nextRun: string | null;
  lastRun: JobRun | null;
};

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * What each rule carries as evidence: the fields a reader of the alert needs to judge it, and in
 * `details` what else the check measured.
 */
export type AlertEvidenceByRule = {
  performance_drop: {
    metric: string;
    baseline: number;
    current: number;
    version?: number;
    window?: string;
    details?: { labelled: number; threshold: number };
  };
  dataset_drift: {
    drifted_features: string[];
    checked_features: number;
    dataset_id?: string;
    version?: number;
    details?: { drift_report_id: number; drift_share: number };
  };
  service_down: { version: number; state: string; error?: string };
  /** `details` when the gateway process (not a version's service) is unhealthy: `version` is its champion. */
  service_unhealthy: {
    version: number;
    state: string;
    restarts?: number;
    details?: { process: 'gateway'; pid: number | null };
  };
  error_rate: { rate: number; threshold: number; requests: number; version?: number };
  shadow_test_finished: {
    decision_id: number;
    outcome: DecisionOutcome;
    champion_version: number | null;
    challenger_version: number | null;
    details?: { reasons: string[] };
  };
  cycle_failed: { job: string; job_run_id?: number; error: PodiumErrorData };
};

export type AlertRule = keyof AlertEvidenceByRule;
export type AlertEvidence = AlertEvidenceByRule[AlertRule];

/** The webhook's delivery of one alert (`none` when no webhook is configured). */
export type AlertDeliveryView = {
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
};

/** An alert, discriminated by `rule`: its evidence has that rule's shape. */
export type Alert = {
  [R in AlertRule]: AlertFields & { rule: R; evidence: AlertEvidenceByRule[R] };
}[AlertRule];

/** What every alert carries, whatever its rule. */
export type AlertFields = {
  id: number;
  severity: AlertSeverity;
  modelName: string | null;
  title: string;
  message: string;
  /** Repeats of one condition share it and count up one alert. */
  dedupKey: string;
  status: AlertStatus;
  count: number;
  createdAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  delivery: AlertDeliveryView;
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
  /**
   * `podium drift`: checks a version (default: the champion) against its training reference on a
   * CSV file on this machine, or on the live requests of the last `windowMs`, and stores the report.
   */
  'drift.check': {
    input: {
      model?: string;
      version?: number;
      file?: string;
      windowMs?: number;
      /** How `file` is written, instead of detecting it. */
      dialect?: CsvDialectOptions;
    };
    output: StoredDriftReport;
  };
  /** Live performance (realised and estimated), the drop verdict, service metrics, drift and alerts. */
  'monitoring.report': {
    input: { model?: string; window?: 'hour' | 'day'; days?: number };
    output: MonitorReport;
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
  /** `model` (a model reference) keeps that model's alerts only. */
  'alerts.list': { input: { status?: AlertStatus; limit?: number; model?: string }; output: Alert[] };
  'alerts.acknowledge': { input: { id: number }; output: Alert };
  /** Marks the alert resolved (the condition is gone or dealt with). */
  'alerts.resolve': { input: { id: number }; output: Alert };
};
