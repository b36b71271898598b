import type { JobKind, JobStatus, Metrics, PodiumErrorData, Progress } from './common.js';
import type { Decision, ShadowTestOverview } from './lifecycle.js';
import type { Alert, JobRun } from './monitoring.js';
import type { ServiceStatus } from './serving.js';

export type ModelOverview = {
  model: string;
  task: string | null;
  target: string | null;
  champion: { version: number; modelType: string; metrics: Metrics; since: string | null } | null;
  challengers: { version: number; modelType: string; metrics: Metrics; createdAt: string }[];
  shadowTests: ShadowTestOverview[];
};

export type Overview = {
  environment: string;
  workspace: string;
  models: ModelOverview[];
  lastCycle: JobRun | null;
  openAlerts: Alert[];
  services: ServiceStatus[];
  runningJobs: JobInfo[];
};

/** A background job as `jobs.list` shows it: running ones first, then finished, newest first. */
export type JobInfo = {
  jobId: number;
  kind: JobKind;
  /** What the job is doing, e.g. "train gbm on sales.csv → sales". */
  label: string;
  status: JobStatus;
  startedAt: string;
  endedAt: string | null;
  progress: Progress | null;
  error: PodiumErrorData | null;
};

/** One model's lifecycle as `podium status` shows it, in the environment that is open. */
export type ModelStatus = Omit<ModelOverview, 'shadowTests'> & {
  environment: string;
  workspace: string;
  /** Every shadow test of the model, newest first; `report` only for a running one. */
  shadowTests: ShadowTestOverview[];
  /** Newest first. */
  decisions: Decision[];
};

export type OverviewOperations = {
  'overview.get': { input: Record<string, never>; output: Overview };
  /**
   * One model (default: the workspace's default model): champion, challengers, shadow tests,
   * decisions. With no model registered yet, of the configured `training.model_name`, else of
   * none (`model` is '').
   */
  'status.get': { input: { model?: string }; output: ModelStatus };
  'jobs.list': { input: Record<string, never>; output: JobInfo[] };
  'jobs.cancel': { input: { jobId: number }; output: JobInfo };
};
