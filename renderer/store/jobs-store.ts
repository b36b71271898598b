import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  JobInfo,
  JobKind,
  JobProgressEvent,
  JobStatus,
  PodiumClient,
  PodiumEvents,
  Progress,
} from '../../main/contract/index.js';

/** One epoch's losses: `loss`, `validation_loss` (bookkeeping such as seconds left is not a series). */
export type EpochPoint = { epoch: number; values: Record<string, number> };

/**
 * Epochs of one training stage: one candidate model type of an `auto` run, or one search trial.
 * `label` names it as the progress message does ("gbm (2/3)", "ecd trial 1/4"), else the step;
 * `id` is its position in the job.
 */
export type LossSeries = { id: number; step: string; label: string; points: EpochPoint[] };

export type JobState = {
  jobId: number;
  kind: JobKind;
  label: string;
  status: JobStatus;
  progress: Progress | null;
  lossSeries: LossSeries[];
  result: unknown;
  error: PodiumErrorData | null;
  startedAt: string | null;
};

export type JobsMap = Record<number, JobState>;

function blankJob(jobId: number, kind: JobKind): JobState {
  return {
    jobId,
    kind,
    label: `${kind} job ${jobId}`,
    status: 'running',
    progress: null,
    lossSeries: [],
    result: null,
    error: null,
    startedAt: null,
  };
}

/** The figures of an epoch event worth charting: the losses (training and validation). */
export function lossValues(metrics: Record<string, number> | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics ?? {})) {
    if (key.includes('loss') && Number.isFinite(value)) values[key] = value;
  }
  return values;
}

/** Adds an epoch to the current series, or starts a new series when the stage or epoch count restarts. */
export function appendEpoch(series: LossSeries[], event: JobProgressEvent): LossSeries[] {
  const values = lossValues(event.metrics);
  if (Object.keys(values).length === 0) return series;
  const point: EpochPoint = { epoch: event.current, values };
  const label = event.message ?? event.step;
  const last = series.at(-1);
  const lastEpoch = last?.points.at(-1)?.epoch;
  if (
    last !== undefined &&
    last.step === event.step &&
    last.label === label &&
    lastEpoch !== undefined &&
    lastEpoch < event.current
  ) {
    return [...series.slice(0, -1), { ...last, points: [...last.points, point] }];
  }
  return [...series, { id: series.length, step: event.step, label, points: [point] }];
}

/**
 * The series to show first: once training is done, the chosen candidate's (its label starts with
 * the model type, "gbm (2/3)"); while it runs, the newest.
 */
export function preferredSeries(series: LossSeries[], chosenModelType: string | null): number {
  if (chosenModelType !== null) {
    const chosen = series.filter(
      (s) => s.label === chosenModelType || s.label.startsWith(`${chosenModelType} `),
    );
    const last = chosen.at(-1);
    if (last !== undefined) return last.id;
  }
  return series.length - 1;
}

/** Seconds left in the current stage as the trainer estimates it, or null when not reported. */
export function secondsLeft(progress: Progress | null): number | null {
  const value = progress?.metrics?.seconds_left;
  return value === undefined || !Number.isFinite(value) ? null : value;
}

/**
 * How the loss axis should be drawn: losses spanning two orders of magnitude or more (a regression
 * loss falling from 1e12 to 1e9) go on a log scale so the later epochs are not a flat line at zero.
 */
export function lossScale(series: LossSeries | undefined): 'log' | 'linear' {
  const values = (series?.points ?? []).flatMap((point) => Object.values(point.values));
  if (values.length === 0) return 'linear';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min > 0 && max / min >= 100 ? 'log' : 'linear';
}

export function reduceProgress(jobs: JobsMap, event: JobProgressEvent): JobsMap {
  const job = jobs[event.jobId] ?? blankJob(event.jobId, event.kind);
  const progress: Progress = { step: event.step, current: event.current, total: event.total };
  if (event.message !== undefined) progress.message = event.message;
  if (event.metrics !== undefined) progress.metrics = event.metrics;
  return {
    ...jobs,
    [event.jobId]: { ...job, status: 'running', progress, lossSeries: appendEpoch(job.lossSeries, event) },
  };
}

export function reduceDone(jobs: JobsMap, event: PodiumEvents['job.done']): JobsMap {
  const job = jobs[event.jobId] ?? blankJob(event.jobId, event.kind);
  return { ...jobs, [event.jobId]: { ...job, status: 'succeeded', result: event.result, error: null } };
}

export function reduceFailed(jobs: JobsMap, event: PodiumEvents['job.failed']): JobsMap {
  const job = jobs[event.jobId] ?? blankJob(event.jobId, event.kind);
  const status: JobStatus = event.error.code === 'CANCELLED' ? 'cancelled' : 'failed';
  return { ...jobs, [event.jobId]: { ...job, status, error: event.error } };
}

/** jobs.list knows labels and final states; events know epochs. Keep the epochs already seen. */
export function mergeJobList(jobs: JobsMap, list: JobInfo[]): JobsMap {
  const next: JobsMap = { ...jobs };
  for (const info of list) {
    const known = next[info.jobId] ?? blankJob(info.jobId, info.kind);
    next[info.jobId] = {
      ...known,
      kind: info.kind,
      label: info.label,
      status: info.status,
      progress: info.progress ?? known.progress,
      error: info.error ?? known.error,
      startedAt: info.startedAt,
    };
  }
  return next;
}

export type JobsState = {
  jobs: JobsMap;
  listError: PodiumErrorData | null;
  cancelError: PodiumErrorData | null;
  /** A job the UI started: known before its first event arrives. */
  track(jobId: number, kind: JobKind, label: string): void;
  refresh(): Promise<void>;
  cancel(jobId: number): Promise<void>;
  /** Subscribes to job events; returns the unsubscribe function. */
  attach(): () => void;
};

export function createJobsStore(client: PodiumClient) {
  return createStore<JobsState>()((set, get) => ({
    jobs: {},
    listError: null,
    cancelError: null,
    track(jobId, kind, label) {
      const known = get().jobs[jobId];
      if (known !== undefined) return;
      set({ jobs: { ...get().jobs, [jobId]: { ...blankJob(jobId, kind), label } } });
    },
    async refresh() {
      const result = await client.sendCatch('jobs.list', {});
      if (result.error !== undefined) set({ listError: result.error });
      else set({ jobs: mergeJobList(get().jobs, result.data), listError: null });
    },
    async cancel(jobId) {
      const result = await client.sendCatch('jobs.cancel', { jobId });
      if (result.error !== undefined) set({ cancelError: result.error });
      else set({ jobs: mergeJobList(get().jobs, [result.data]), cancelError: null });
    },
    attach() {
      const offs = [
        client.listen('job.progress', (event) => set({ jobs: reduceProgress(get().jobs, event) })),
        client.listen('job.done', (event) => set({ jobs: reduceDone(get().jobs, event) })),
        client.listen('job.failed', (event) => set({ jobs: reduceFailed(get().jobs, event) })),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
  }));
}

export type JobsStore = ReturnType<typeof createJobsStore>;
