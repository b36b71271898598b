/** Schemas of the Overview and the background jobs list (../overview.ts). */
import { z } from 'zod';
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

/** A background job as `jobs.list` shows it: running ones first, then finished, newest first. */
export const JobInfoSchema = z.strictObject({
  jobId: z.number(),
  kind: JobKindSchema,
  /** What the job is doing, e.g. "train gbm on sales.csv → sales". */
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

/**
 * One model's lifecycle as `podium status` shows it, in the environment that is open: its overview
 * with every shadow test, newest first (`report` only for a running one), and its decisions, newest
 * first.
 */
export const ModelStatusSchema = z.strictObject({
  ...ModelOverviewSchema.shape,
  environment: z.string(),
  workspace: z.string(),
  /** Newest first. */
  decisions: z.array(DecisionSchema),
});

/** Inputs of the operations served by main/lifecycle/handlers.ts (overview.get, status.get) and main/jobs/handlers.ts. */
export const overviewOperationSchemas = {
  'overview.get': { input: EmptyInputSchema, output: OverviewSchema },
  /** One model (default: the workspace's default model): champion, challengers, shadow tests, decisions. */
  'status.get': { input: z.strictObject({ model: z.string().min(1).optional() }), output: ModelStatusSchema },
  'jobs.list': { input: EmptyInputSchema, output: z.array(JobInfoSchema) },
  'jobs.cancel': { input: z.strictObject({ jobId: z.number().int().min(1) }), output: JobInfoSchema },
};
