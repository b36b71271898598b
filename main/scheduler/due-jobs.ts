import { type CronSpec, previousFire } from './cron.js';
import type { JobHistory } from './job-run-store.js';
import type { JobTrigger } from './types.js';

export type DueJob = { job: string; trigger: Exclude<JobTrigger, 'manual'>; scheduledFor: Date };

export type DueJobsInput = {
  now: Date;
  /** When this scheduler started: fires at or before it were missed while Podium was closed. */
  since: Date;
  /** True once per start: whether missed fires may still be caught up. */
  catchUp: boolean;
  jobs: (CronSpec & { name: string })[];
  history: (job: string) => JobHistory;
};

/**
 * What is due now, from the clock and the run history only (no timers), so days of schedule can
 * be tested in seconds with a fake clock. Per job only the latest fire time matters: several
 * missed fires are one run, not a burst.
 *
 * - A fire after `since` is due unless a run (by any process) already answered it.
 * - A fire at or before `since` was missed while Podium was closed. It is caught up, once per
 *   start, if the job has a history here and has not succeeded since that fire. A job that never
 *   ran has missed nothing: it waits for its next fire.
 */
export function dueJobs(input: DueJobsInput): DueJob[] {
  const due: DueJob[] = [];
  for (const job of input.jobs) {
    const fire = previousFire(job, input.now);
    if (!fire) continue;
    const history = input.history(job.name);
    const answered = history.lastHandledFire !== null && history.lastHandledFire.getTime() >= fire.getTime();
    if (fire.getTime() > input.since.getTime()) {
      if (!answered) due.push({ job: job.name, trigger: 'schedule', scheduledFor: fire });
      continue;
    }
    if (!input.catchUp || !history.hasRuns) continue;
    const succeededSince =
      history.lastSucceededAt !== null && history.lastSucceededAt.getTime() >= fire.getTime();
    if (!succeededSince) due.push({ job: job.name, trigger: 'catch_up', scheduledFor: fire });
  }
  return due;
}
