import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';

export function jobHandlers(context: ApiContext): DomainHandlers<'jobs.list' | 'jobs.cancel'> {
  const { jobs } = context;
  return {
    'jobs.list': defineOperation('jobs.list', () => jobs.list()),
    'jobs.cancel': defineOperation('jobs.cancel', ({ jobId }) => jobs.cancel(jobId)),
  };
}
