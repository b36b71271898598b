import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import type { JobRunner } from './job-runner.js';

export function jobHandlers(context: { jobs: JobRunner }): DomainHandlers<'jobs.list' | 'jobs.cancel'> {
  const { jobs } = context;
  return {
    'jobs.list': defineOperation('jobs.list', () => jobs.list()),
    'jobs.cancel': defineOperation('jobs.cancel', ({ jobId }) => jobs.cancel(jobId)),
  };
}
