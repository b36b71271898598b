import type { Clock } from '../common/clock.js';
import { PodiumError, toErrorData } from '../contract/errors.js';
import type { PodiumEventSink } from '../contract/event-sink.js';
import type { JobInfo, JobKind, JobResults, Progress } from '../contract/index.js';

export type JobControl = {
  jobId: number;
  signal: AbortSignal;
  progress(progress: Progress): void;
};

type Job = JobInfo & { controller: AbortController; done: Promise<void> };

/** Finished jobs kept for `jobs.list`; older ones are forgotten (their runs stay in tracking). */
const FINISHED_KEPT = 100;

/**
 * Long work the UI starts (training, comparison, replay, a cycle) runs here: `start` returns the
 * job id at once, progress and the outcome arrive as events, and `cancel` aborts the job's
 * signal (training stops at the next epoch and its run is marked cancelled).
 */
export class JobRunner {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(
    private readonly events: PodiumEventSink,
    private readonly clock: Clock,
    private readonly onError: (error: unknown, job: JobInfo) => void = () => {},
  ) {}

  start<K extends JobKind>(
    kind: K,
    label: string,
    work: (control: JobControl) => Promise<JobResults[K]>,
  ): JobInfo {
    const { job, result } = this.run(kind, label, work);
    // Nobody waits for `result` here: the outcome travels as job.done / job.failed.
    result.catch(() => {});
    return job;
  }

  /**
   * `start` for a caller that also waits for the outcome (an operation that answers with the
   * result, like `drift.report`): the job is listed, reports progress and can be cancelled,
   * and `result` settles with the job — the result, or the error its `job.failed` carries.
   */
  run<K extends JobKind>(
    kind: K,
    label: string,
    work: (control: JobControl) => Promise<JobResults[K]>,
  ): { job: JobInfo; result: Promise<JobResults[K]> } {
    const jobId = this.nextId++;
    const controller = new AbortController();
    const job: Job = {
      jobId,
      kind,
      label,
      status: 'running',
      startedAt: this.clock.now().toISOString(),
      endedAt: null,
      progress: null,
      error: null,
      controller,
      done: Promise.resolve(),
    };
    this.jobs.set(jobId, job);
    const control: JobControl = {
      jobId,
      signal: controller.signal,
      progress: (progress) => {
        if (job.status !== 'running') return;
        job.progress = progress;
        this.events.emit('job.progress', { jobId, kind, ...progress });
      },
    };
    let outcome: { result: JobResults[K] } | { error: PodiumError } | null = null;
    // Deferred to the next turn so the caller has the id before the first event.
    job.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(control))
      .then((result) => {
        if (controller.signal.aborted) throw new PodiumError('CANCELLED', `Job ${jobId} was cancelled`);
        this.finish(job, 'succeeded');
        outcome = { result };
        this.events.emit('job.done', { jobId, kind, result } as never);
      })
      .catch((error: unknown) => {
        const cancelled =
          controller.signal.aborted || (error instanceof PodiumError && error.code === 'CANCELLED');
        const data = cancelled
          ? { code: 'CANCELLED' as const, message: `${label}: cancelled` }
          : toErrorData(error);
        job.error = data;
        outcome = { error: new PodiumError(data.code, data.message, data.details) };
        this.finish(job, cancelled ? 'cancelled' : 'failed');
        if (!(error instanceof PodiumError)) this.onError(error, this.info(job));
        this.events.emit('job.failed', { jobId, kind, error: data });
      });
    this.prune();
    const result = job.done.then(() => {
      const settled = outcome as { result: JobResults[K] } | { error: PodiumError };
      if ('error' in settled) throw settled.error;
      return settled.result;
    });
    return { job: this.info(job), result };
  }

  cancel(jobId: number): JobInfo {
    const job = this.get(jobId);
    if (job.status === 'running')
      job.controller.abort(new PodiumError('CANCELLED', `Job ${jobId} was cancelled`));
    return this.info(job);
  }

  list(): JobInfo[] {
    const all = [...this.jobs.values()].map((job) => this.info(job));
    const running = all.filter((job) => job.status === 'running');
    const finished = all.filter((job) => job.status !== 'running');
    return [...running.reverse(), ...finished.reverse()];
  }

  info(job: JobInfo): JobInfo {
    return {
      jobId: job.jobId,
      kind: job.kind,
      label: job.label,
      status: job.status,
      startedAt: job.startedAt,
      endedAt: job.endedAt,
      progress: job.progress,
      error: job.error,
    };
  }

  /** Resolves when the job has ended (whatever its outcome); for shutdown and tests. */
  async settled(jobId: number): Promise<JobInfo> {
    const job = this.get(jobId);
    await job.done;
    return this.info(job);
  }

  /** Cancels every running job and waits for them to end. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.status === 'running');
    for (const job of running) job.controller.abort(new PodiumError('CANCELLED', 'Podium is closing'));
    await Promise.all(running.map((job) => job.done));
  }

  private get(jobId: number): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new PodiumError('NOT_FOUND', `No job with id ${jobId}`, { jobId });
    return job;
  }

  private finish(job: Job, status: JobInfo['status']): void {
    job.status = status;
    job.endedAt = this.clock.now().toISOString();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => job.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT)))
      this.jobs.delete(job.jobId);
  }
}
