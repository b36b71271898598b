import type { JobKind, Metrics, PodiumErrorData, Progress } from './common.js';
import type { Alert, JobRun, JobRunSummary, StoredDriftReport } from './monitoring.js';
import type { ReplayReport, ServiceStatus } from './serving.js';
import type { TrainingResult } from './training.js';

/** What `podium cycle` (scheduler.runNow) reports when done. */
export type CycleResult = {
  job: string;
  outcome: 'succeeded' | 'failed' | 'skipped';
  decisionIds: number[];
  summary: JobRunSummary | null;
};

/** Result by job kind, carried by `job.done`. */
export type JobResults = {
  train: TrainingResult;
  compare: TrainingResult;
  replay: ReplayReport;
  cycle: CycleResult;
  drift: StoredDriftReport;
};

export type JobProgressEvent = {
  jobId: number;
  kind: JobKind;
  step: string;
  current: number;
  total: number;
  message?: string;
  /** Training: one event per epoch with `loss` and `validation_loss`. */
  metrics?: Metrics;
};

export type JobDoneEvent = { [K in JobKind]: { jobId: number; kind: K; result: JobResults[K] } }[JobKind];

/** Progress of an operation that answers only when done (not a job), e.g. `cycle.run`. */
export type OperationProgressEvent = Progress & { operation: string };

export type PodiumEvents = {
  'operation.progress': OperationProgressEvent;
  'job.progress': JobProgressEvent;
  'job.done': JobDoneEvent;
  'job.failed': { jobId: number; kind: JobKind; error: PodiumErrorData };
  'services.changed': { model: string; services: ServiceStatus[] };
  'alert.raised': { alert: Alert };
  /** A scheduled job's run ended (cycle, clean-up, maintenance), whatever started it. */
  'scheduler.ran': { run: JobRun };
  'shadow.updated': { testId: number; labelledPairs: number; mirroredRequests: number };
  /** The window now shows another environment: every view reloads its data. */
  'environment.changed': { environment: 'dev' | 'prod' };
};

export type PodiumEventName = keyof PodiumEvents;

/** One message of the event stream, as the hub, the WebSocket and IPC carry it. */
export type PodiumEventMessage = {
  [E in PodiumEventName]: { event: E; payload: PodiumEvents[E] };
}[PodiumEventName];
