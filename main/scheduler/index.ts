export { type CreateSchedulerInput, createLifecycleScheduler, schedulerPlan } from './create-scheduler.js';
export { assertValidCron, type CronSpec, nextFire, previousFire } from './cron.js';
export { type DueJob, type DueJobsInput, dueJobs } from './due-jobs.js';
export { type JobHistory, JobRunStore } from './job-run-store.js';
export { cleanupJob, cycleFailedKey, cycleJob, maintenanceJob } from './jobs.js';
export { type AcquireResult, LeaseLock, type LockHolder, localOwner } from './lease-lock.js';
export {
  LifecycleScheduler,
  type LifecycleSchedulerOptions,
  type SchedulerPlan,
} from './lifecycle-scheduler.js';
export { assertSchedulerSettings, readSchedulerSettings, type SchedulerSettings } from './settings.js';
export type {
  JobContext,
  JobDefinition,
  JobOutcome,
  JobRunOutcome,
  JobRunRecord,
  JobTrigger,
} from './types.js';
export { withLease } from './with-lease.js';
