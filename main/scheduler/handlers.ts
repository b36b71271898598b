import type { Logger } from 'pino';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, ScheduledJob } from '../contract/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { Workspace } from '../workspace/index.js';
import type { LifecycleScheduler } from './lifecycle-scheduler.js';
import { readSchedulerSettings } from './settings.js';
import type { JobRunRecord } from './types.js';

type Names = 'scheduler.jobs' | 'scheduler.history' | 'scheduler.runNow' | 'scheduler.start';

export function schedulerHandlers(context: {
  workspace: Workspace;
  logger: Logger;
  jobs: Pick<JobRunner, 'start'>;
  /** The API builds its scheduler (and loads its module) on first use. */
  scheduler: () => Promise<LifecycleScheduler>;
}): DomainHandlers<Names> {
  // Asked on each call: the API builds its scheduler on first use (see createApi).
  const { jobs } = context;
  const scheduledJobs = (scheduler: LifecycleScheduler): ScheduledJob[] =>
    scheduler.nextRuns().map((job) => ({
      name: job.job,
      cron: job.cron,
      enabled: true,
      nextRun: job.next?.toISOString() ?? null,
      lastRun: scheduler.runs.list({ job: job.job, limit: 1 })[0] ?? null,
    }));
  return {
    'scheduler.jobs': defineOperation('scheduler.jobs', async () => scheduledJobs(await context.scheduler())),
    'scheduler.start': defineOperation('scheduler.start', async () => {
      if (!readSchedulerSettings(context.workspace.config).enabled) return { enabled: false, jobs: [] };
      const scheduler = await context.scheduler();
      const scheduled = scheduledJobs(scheduler);
      // Catching up missed runs can take a while: the answer does not wait for it, the runs
      // arrive as `scheduler.ran`, and closing the API stops the scheduler.
      scheduler
        .start()
        .catch((error: unknown) => context.logger.error({ err: error }, 'scheduler start failed'));
      return { enabled: true, jobs: scheduled };
    }),
    'scheduler.history': defineOperation('scheduler.history', async ({ job, limit }) =>
      (await context.scheduler()).runs.list({ job, limit: limit ?? 50 }),
    ),
    'scheduler.runNow': defineOperation('scheduler.runNow', async ({ job }) => {
      const scheduler = await context.scheduler();
      const names = scheduler.jobNames();
      if (!names.includes(job)) {
        throw new PodiumError('NOT_FOUND', `No scheduled job ${job}; jobs: ${names.join(', ') || 'none'}`, {
          field: 'job',
        });
      }
      const started = jobs.start('cycle', `run ${job} now`, async (control) => {
        control.progress({ step: job, current: 0, total: 1 });
        const record: JobRunRecord = await scheduler.runOnce(job);
        control.progress({ step: job, current: 1, total: 1 });
        if (record.outcome === 'failed' && record.error)
          throw new PodiumError(record.error.code, record.error.message);
        return {
          job,
          outcome: record.outcome === 'running' ? 'succeeded' : record.outcome,
          decisionIds:
            record.summary !== null && 'decisionIds' in record.summary ? record.summary.decisionIds : [],
          summary: record.summary,
        };
      });
      return { jobId: started.jobId };
    }),
  };
}
