import { randomUUID } from 'node:crypto';
import schedule from 'node-schedule';
import type { Logger } from 'pino';
import { PodiumError } from '../contract/errors.js';
import type { LockBusyRunSummary } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import { assertValidCron, nextFire } from './cron.js';
import { type DueJob, dueJobs } from './due-jobs.js';
import { errorData } from './error-data.js';
import type { JobRunStore } from './job-run-store.js';
import { type LeaseLock, localOwner } from './lease-lock.js';
import type { JobContext, JobDefinition, JobRunRecord, JobTrigger } from './types.js';

export type LifecycleSchedulerOptions = {
  jobs: JobDefinition[];
  /** The workspace's run history and locks (shared with every process on the workspace). */
  stores: { jobRuns: JobRunStore; leases: LeaseLock };
  /** How long a lock holds without renewal; a crashed holder blocks others at most this long. */
  leaseMs?: number;
  /** Real-time interval between lease renewals while a job runs; default a third of the lease. */
  renewEveryMs?: number;
  /** IANA zone the cron expressions are read in; default the machine's. */
  timezone?: string;
  /** Catch up, once at start, the runs missed while Podium was closed. Default true. */
  catchUp?: boolean;
  /** Identifies this process in locks and run history; default host:pid:random. */
  owner?: string;
  /** Called after every run is recorded (the daemon prints it, the desktop shell relays it). */
  onRun?: (run: JobRunRecord) => void;
};

/** What a running scheduler can be re-planned to: its jobs and how they are timed and locked. */
export type SchedulerPlan = Pick<LifecycleSchedulerOptions, 'jobs' | 'leaseMs' | 'timezone' | 'catchUp'>;

const DEFAULT_LEASE_MS = 5 * 60_000;
const JOB_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Runs the lifecycle cycle and other named jobs on cron schedules, one at a time per lock
 * (across processes), with a recorded history of every run. What is due is decided by `dueJobs`
 * from the injected clock and the history, and `tick()` runs it; `start()` only adds
 * node-schedule timers that call `tick()` at each fire time, so tests drive days with a fake clock.
 */
export class LifecycleScheduler {
  readonly owner: string;
  readonly runs: JobRunStore;
  readonly lock: LeaseLock;
  private jobs = new Map<string, JobDefinition>();
  private leaseMs: number;
  private renewEveryMs: number;
  private timezone: string | undefined;
  private readonly logger: Logger;
  private readonly active = new Set<Promise<unknown>>();
  private readonly timers: schedule.Job[] = [];
  private since: Date | null = null;
  private catchUpPending: boolean;
  private stopped = false;
  /** Whether start() set timers, so a re-plan sets them again. */
  private timed = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly options: LifecycleSchedulerOptions,
  ) {
    this.owner = options.owner ?? localOwner(randomUUID().slice(0, 8));
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1000, Math.floor(this.leaseMs / 3));
    this.timezone = options.timezone;
    this.catchUpPending = options.catchUp ?? true;
    this.logger = workspace.logger.child({ component: 'scheduler', owner: this.owner });
    this.runs = options.stores.jobRuns;
    this.lock = options.stores.leases;
    this.jobs = this.checkedJobs(options.jobs, this.timezone);
  }

  jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Takes up a changed schedule while running: the new jobs, crons, zone and lease replace the
   * old, and if timers were running they are set again for the new crons. A job running now
   * finishes under the lease it started with; catch-up is not repeated. Nothing changes when
   * the new plan is invalid (the error names the job).
   */
  replan(plan: SchedulerPlan): void {
    const timezone = plan.timezone;
    const jobs = this.checkedJobs(plan.jobs, timezone);
    this.jobs = jobs;
    this.timezone = timezone;
    this.leaseMs = plan.leaseMs ?? DEFAULT_LEASE_MS;
    this.renewEveryMs = this.options.renewEveryMs ?? Math.max(1000, Math.floor(this.leaseMs / 3));
    if (this.timed && !this.stopped) {
      for (const timer of this.timers.splice(0)) timer.cancel();
      this.schedule();
      this.logger.info({ jobs: this.nextRuns() }, 'scheduler re-planned');
    }
  }

  /** Each job's cron and next fire time after the clock's now. */
  nextRuns(): { job: string; cron: string; next: Date | null }[] {
    const now = this.workspace.clock.now();
    return [...this.jobs.values()].map((job) => ({
      job: job.name,
      cron: job.cron,
      next: nextFire({ cron: job.cron, timezone: this.timezone }, now),
    }));
  }

  /** What is due at `now` given the history; catch-up is included until the first tick. */
  dueJobs(now: Date = this.workspace.clock.now()): DueJob[] {
    return dueJobs({
      now,
      since: this.since ?? now,
      catchUp: this.catchUpPending,
      jobs: [...this.jobs.values()].map((job) => ({
        name: job.name,
        cron: job.cron,
        timezone: this.timezone,
      })),
      history: (job) => this.runs.history(job),
    });
  }

  /**
   * Runs whatever is due now, one job after another. The first tick (or start) is when the
   * scheduler begins watching: it also closes runs abandoned by dead processes and catches up.
   */
  async tick(): Promise<JobRunRecord[]> {
    if (this.stopped) return [];
    const now = this.workspace.clock.now();
    if (this.since === null) {
      this.since = now;
      const closed = this.runs.closeAbandoned(this.lock.liveOwners());
      if (closed > 0) this.logger.warn({ closed }, 'closed job runs abandoned by a stopped process');
    }
    const due = this.dueJobs(now);
    this.catchUpPending = false;
    const records: JobRunRecord[] = [];
    for (const item of due) {
      if (this.stopped) break;
      const record = await this.track(this.execute(this.require(item.job), item.trigger, item.scheduledFor));
      if (record) records.push(record);
    }
    return records;
  }

  /** Runs one job now, whatever its schedule (`podium scheduler --once`); still single-flight. */
  async runOnce(jobName: string): Promise<JobRunRecord> {
    const record = await this.track(this.execute(this.require(jobName), 'manual', null));
    // A manual run is never dropped as already answered, so a record always exists.
    return record!;
  }

  /** Catches up missed runs, then fires `tick()` at every job's cron times until stop(). */
  async start(): Promise<JobRunRecord[]> {
    if (this.stopped) throw new PodiumError('CONFLICT', 'This scheduler was stopped; create a new one.');
    if (!this.timed) {
      this.timed = true;
      this.schedule();
      this.logger.info({ jobs: this.nextRuns() }, 'scheduler started');
    }
    return this.tick();
  }

  private schedule(): void {
    for (const job of this.jobs.values()) {
      const rule = this.timezone ? { rule: job.cron, tz: this.timezone } : job.cron;
      const timer = schedule.scheduleJob(rule, () => {
        this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'scheduler tick failed'));
      });
      if (timer) this.timers.push(timer);
    }
  }

  private checkedJobs(list: JobDefinition[], timezone: string | undefined): Map<string, JobDefinition> {
    const jobs = new Map<string, JobDefinition>();
    for (const job of list) {
      if (!JOB_NAME.test(job.name)) {
        throw new PodiumError(
          'CONFIG_INVALID',
          `Job name "${job.name}": use lower-case letters, digits, - or _`,
          {
            job: job.name,
          },
        );
      }
      if (jobs.has(job.name)) {
        throw new PodiumError('CONFIG_INVALID', `Two scheduler jobs are named "${job.name}"`, {
          job: job.name,
        });
      }
      assertValidCron({ cron: job.cron, timezone }, `scheduler job ${job.name}`);
      jobs.set(job.name, job);
    }
    return jobs;
  }

  /** Stops firing and waits for the job that is running, so it ends and releases its lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) timer.cancel();
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
    this.logger.info('scheduler stopped');
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.active.add(work);
    try {
      return await work;
    } finally {
      this.active.delete(work);
    }
  }

  private require(name: string): JobDefinition {
    const job = this.jobs.get(name);
    if (!job) {
      throw new PodiumError('NOT_FOUND', `No scheduler job "${name}" (jobs: ${this.jobNames().join(', ')})`, {
        job: name,
      });
    }
    return job;
  }

  /** One run: claim the lock, record, run, record the end, release. Null when already answered. */
  private async execute(
    job: JobDefinition,
    trigger: JobTrigger,
    scheduledFor: Date | null,
  ): Promise<JobRunRecord | null> {
    const lockName = job.lock ?? job.name;
    // A re-plan while this job runs changes the lease of later runs, not of this one.
    const { leaseMs, renewEveryMs } = this;
    // Checked again here, synchronously with the claim: an overlapping tick may have run it meanwhile.
    if (trigger === 'schedule' && scheduledFor) {
      const handled = this.runs.history(job.name).lastHandledFire;
      if (handled && handled.getTime() >= scheduledFor.getTime()) return null;
    }
    const claim = this.lock.acquire(lockName, this.owner, leaseMs);
    if (!claim.acquired) {
      const runId = this.runs.start({ job: job.name, trigger, scheduledFor, owner: this.owner });
      const record = this.runs.finish(runId, {
        outcome: 'skipped',
        summary: {
          reason: 'lock busy',
          lock: lockName,
          holder: claim.holder.owner,
          leaseExpiresAt: claim.holder.expiresAt,
        } satisfies LockBusyRunSummary,
      });
      this.logger.info(
        { job: job.name, lock: lockName, holder: claim.holder.owner },
        'job skipped: lock busy',
      );
      this.notify(record);
      return record;
    }
    if (claim.tookOverFrom !== null && claim.tookOverFrom !== this.owner) {
      const closed = this.runs.closeAbandoned(this.lock.liveOwners());
      this.logger.warn(
        { job: job.name, lock: lockName, previousOwner: claim.tookOverFrom, closedRuns: closed },
        'took over a lock whose lease expired',
      );
    }
    const runId = this.runs.start({ job: job.name, trigger, scheduledFor, owner: this.owner });
    const lost = new AbortController();
    const renew = setInterval(() => {
      try {
        if (this.lock.renew(lockName, this.owner, leaseMs)) return;
      } catch (error) {
        this.logger.error({ err: error, job: job.name }, 'could not renew the job lock');
      }
      this.logger.error({ job: job.name, lock: lockName }, 'lost the job lock: another owner took it over');
      lost.abort();
    }, renewEveryMs);
    const context: JobContext = {
      workspace: this.workspace,
      job: job.name,
      runId,
      trigger,
      scheduledFor,
      logger: this.logger.child({ job: job.name, runId }),
      signal: lost.signal,
    };
    this.logger.info({ job: job.name, runId, trigger, scheduledFor }, 'job started');
    let record: JobRunRecord;
    try {
      const outcome = await job.run(context);
      record = this.runs.finish(runId, {
        outcome: outcome.status ?? 'succeeded',
        summary: { ...outcome.summary, decisionIds: outcome.decisionIds ?? [] },
      });
      this.logger.info({ job: job.name, runId, outcome: record.outcome, ms: record.durationMs }, 'job ended');
    } catch (error) {
      record = this.runs.finish(runId, { outcome: 'failed', error: errorData(error) });
      this.logger.error({ err: error, job: job.name, runId }, 'job failed');
      try {
        job.onFailure?.(error, context);
      } catch (hookError) {
        this.logger.error({ err: hookError, job: job.name }, 'job failure hook failed');
      }
    } finally {
      clearInterval(renew);
      this.lock.release(lockName, this.owner);
    }
    this.notify(record);
    return record;
  }

  private notify(record: JobRunRecord): void {
    try {
      this.options.onRun?.(record);
    } catch (error) {
      this.logger.error({ err: error }, 'onRun listener failed');
    }
  }
}
