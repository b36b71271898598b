import type { Logger } from 'pino';
import type { PodiumErrorData } from '../contract/errors.js';
import type { JobRunSummary, JsonValue } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';

export type JobTrigger = 'schedule' | 'catch_up' | 'manual';
export type JobRunOutcome = 'running' | 'succeeded' | 'failed' | 'skipped';

export type JobContext = {
  workspace: Workspace;
  job: string;
  /** The job_runs row of this run, for alerts and evidence that point back to it. */
  runId: number;
  trigger: JobTrigger;
  /** The cron fire time this run answers; null for a manual run. */
  scheduledFor: Date | null;
  logger: Logger;
  /** Aborted when the lease was lost (another owner took the lock over); long jobs should stop. */
  signal: AbortSignal;
};

export type JobOutcome = {
  /** A job may decide there was nothing to do; it is still recorded, as skipped. */
  status?: 'succeeded' | 'skipped';
  /** Ids of the decision records this run made: the evidence of every automated action. */
  decisionIds?: number[];
  /** Plain JSON: it is stored with the run and shown by `podium scheduler` and the Overview. */
  summary?: { [key: string]: JsonValue };
};

export type JobDefinition = {
  name: string;
  cron: string;
  /** Jobs sharing a lock never run at the same time, across processes; default: the job's name. */
  lock?: string;
  run: (context: JobContext) => Promise<JobOutcome>;
  /** Called when run() throws, after the failure is recorded (e.g. to raise an alert). */
  onFailure?: (error: unknown, context: JobContext) => void;
};

export type JobRunRecord = {
  id: number;
  job: string;
  trigger: JobTrigger;
  scheduledFor: string | null;
  owner: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  outcome: JobRunOutcome;
  error: PodiumErrorData | null;
  summary: JobRunSummary | null;
};
