/** The Overview, a model's status and the background jobs: types of the schemas in ./schemas/overview.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  JobInfoSchema,
  ModelOverviewSchema,
  ModelStatusSchema,
  OverviewSchema,
  overviewOperationSchemas,
} from './schemas/overview.js';

export type ModelOverview = z.infer<typeof ModelOverviewSchema>;
export type Overview = z.infer<typeof OverviewSchema>;
export type JobInfo = z.infer<typeof JobInfoSchema>;
export type ModelStatus = z.infer<typeof ModelStatusSchema>;
export type OverviewOperations = OperationsOf<typeof overviewOperationSchemas>;
