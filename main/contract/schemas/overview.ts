/** Schemas of the Overview and the background jobs list (../overview.ts). */
import { z } from 'zod';
import type { JobInfo, ModelOverview, ModelStatus, Overview, OverviewOperations } from '../overview.js';
import {
  EmptyInputSchema,
  JobKindSchema,
  JobStatusSchema,
  MetricsSchema,
  PodiumErrorDataSchema,
  ProgressSchema,
} from './common.js';
import { DecisionSchema, ShadowTestOverviewSchema } from './lifecycle.js';
import { AlertSchema } from './monitoring-alerts.js';
import { JobRunSchema } from './monitoring-jobs.js';
import { ServiceStatusSchema } from './serving.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const ModelOverviewSchema = z.strictObject({
  model: z.string(),
  task: z.string().nullable(),
  target: z.string().nullable(),
  champion: z
    .strictObject({
      version: z.number(),
      modelType: z.string(),
      metrics: MetricsSchema,
      since: z.string().nullable(),
    })
    .nullable(),
  challengers: z.array(
    z.strictObject({
      version: z.number(),
      modelType: z.string(),
      metrics: MetricsSchema,
      createdAt: z.string(),
    }),
  ),
  shadowTests: z.array(ShadowTestOverviewSchema),
});

export const JobInfoSchema = z.strictObject({
  jobId: z.number(),
  kind: JobKindSchema,
  label: z.string(),
  status: JobStatusSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  progress: ProgressSchema.nullable(),
  error: PodiumErrorDataSchema.nullable(),
});

export const OverviewSchema = z.strictObject({
  environment: z.string(),
  workspace: z.string(),
  models: z.array(ModelOverviewSchema),
  lastCycle: JobRunSchema.nullable(),
  openAlerts: z.array(AlertSchema),
  services: z.array(ServiceStatusSchema),
  runningJobs: z.array(JobInfoSchema),
});

/** `podium status`: a model's overview with every shadow test (report only while running) and its decisions. */
export const ModelStatusSchema = z.strictObject({
  ...ModelOverviewSchema.shape,
  environment: z.string(),
  workspace: z.string(),
  decisions: z.array(DecisionSchema),
});

/** Inputs of the operations served by main/lifecycle/handlers.ts (overview.get, status.get) and main/jobs/handlers.ts. */
export const overviewOperationSchemas = {
  'overview.get': { input: EmptyInputSchema, output: OverviewSchema },
  'status.get': { input: z.strictObject({ model: z.string().min(1).optional() }), output: ModelStatusSchema },
  'jobs.list': { input: EmptyInputSchema, output: z.array(JobInfoSchema) },
  'jobs.cancel': { input: z.strictObject({ jobId: z.number().int().min(1) }), output: JobInfoSchema },
};

export type OverviewTypeChecks = [
  Assert<Equal<z.infer<typeof ModelOverviewSchema>, ModelOverview>>,
  Assert<Equal<z.infer<typeof JobInfoSchema>, JobInfo>>,
  Assert<Equal<z.infer<typeof OverviewSchema>, Overview>>,
  Assert<Equal<z.infer<typeof ModelStatusSchema>, ModelStatus>>,
  NoneOf<OperationMismatches<OverviewOperations, typeof overviewOperationSchemas>>,
];
