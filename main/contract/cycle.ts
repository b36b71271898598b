/** `podium cycle` (one lifecycle cycle run now, answered when it is done): types of the schemas in ./schemas/cycle.ts. */
import type { z } from 'zod';
import type {
  CycleRunReportSchema,
  cycleOperationSchemas,
  LifecycleStatusViewSchema,
} from './schemas/cycle.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type LifecycleStatusView = z.infer<typeof LifecycleStatusViewSchema>;
export type CycleRunReport = z.infer<typeof CycleRunReportSchema>;
export type CycleOperations = OperationsOf<typeof cycleOperationSchemas>;
