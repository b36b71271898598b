import { z } from 'zod';
import type { ApiContext } from '../api/api-context.js';
import type { DomainHandlers } from '../api/contract.js';
import { defineOperation } from '../api/define-operation.js';

export function jobHandlers(context: ApiContext): DomainHandlers<'jobs.list' | 'jobs.cancel'> {
  const { jobs } = context;
  return {
    'jobs.list': defineOperation('jobs.list', z.strictObject({}), () => jobs.list()),
    'jobs.cancel': defineOperation(
      'jobs.cancel',
      z.strictObject({ jobId: z.number().int().min(1) }),
      ({ jobId }) => jobs.cancel(jobId),
    ),
  };
}
