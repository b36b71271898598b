/** Schemas of scheduled jobs and their runs (../monitoring.ts: JobRun, ScheduledJob, run summaries). */
import { z } from 'zod';
import type {
  CleanupRunSummary,
  CustomJobRunSummary,
  CycleRunSummary,
  JobRun,
  JobRunSummary,
  LockBusyRunSummary,
  MaintenanceRunSummary,
  ScheduledJob,
} from '../monitoring.js';
import { JsonValueSchema, PodiumErrorDataSchema } from './common.js';
import { DecisionOutcomeSchema } from './lifecycle.js';
import type { Assert, Equal } from './type-equal.js';

const decisionIds = z.array(z.number());

export const CycleRunSummarySchema = z.strictObject({
  model: z.string(),
  trained: z.array(
    z.strictObject({ version: z.number(), runId: z.string(), decisionId: z.number().nullable() }),
  ),
  decisions: z.array(z.strictObject({ id: z.number(), outcome: DecisionOutcomeSchema, summary: z.string() })),
  removedRuns: z.number(),
  plan: z.array(z.string()),
  alertIds: z.array(z.number()),
  decisionIds,
});

export const CleanupRunSummarySchema = z.strictObject({
  removedRuns: z.number(),
  removedArtifactDirs: z.number(),
  decisionIds,
});

export const MaintenanceRunSummarySchema = z.strictObject({
  cutoff: z.string(),
  prunedJobRuns: z.number(),
  prunedResolvedAlerts: z.number(),
  decisionIds,
});

export const LockBusyRunSummarySchema = z.strictObject({
  reason: z.literal('lock busy'),
  lock: z.string(),
  holder: z.string(),
  leaseExpiresAt: z.string(),
});

export const CustomJobRunSummarySchema = z.object({ decisionIds }).catchall(JsonValueSchema);

/**
 * A built-in job's summary that lost a field still passes as a custom job's: the union is only as
 * strict as the open custom shape allows. Where the job is known, check with its own schema.
 */
export const JobRunSummarySchema = z.union([
  CycleRunSummarySchema,
  CleanupRunSummarySchema,
  MaintenanceRunSummarySchema,
  LockBusyRunSummarySchema,
  CustomJobRunSummarySchema,
]);

export const JobRunSchema = z.strictObject({
  id: z.number(),
  job: z.string(),
  trigger: z.enum(['schedule', 'catch_up', 'manual']),
  scheduledFor: z.string().nullable(),
  owner: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  outcome: z.enum(['running', 'succeeded', 'failed', 'skipped']),
  error: PodiumErrorDataSchema.nullable(),
  summary: JobRunSummarySchema.nullable(),
});

export const ScheduledJobSchema = z.strictObject({
  name: z.string(),
  cron: z.string(),
  enabled: z.boolean(),
  nextRun: z.string().nullable(),
  lastRun: JobRunSchema.nullable(),
});

export type MonitoringJobsTypeChecks = [
  Assert<Equal<z.infer<typeof CycleRunSummarySchema>, CycleRunSummary>>,
  Assert<Equal<z.infer<typeof CleanupRunSummarySchema>, CleanupRunSummary>>,
  Assert<Equal<z.infer<typeof MaintenanceRunSummarySchema>, MaintenanceRunSummary>>,
  Assert<Equal<z.infer<typeof LockBusyRunSummarySchema>, LockBusyRunSummary>>,
  Assert<Equal<z.infer<typeof CustomJobRunSummarySchema>, CustomJobRunSummary>>,
  Assert<Equal<z.infer<typeof JobRunSummarySchema>, JobRunSummary>>,
  Assert<Equal<z.infer<typeof JobRunSchema>, JobRun>>,
  Assert<Equal<z.infer<typeof ScheduledJobSchema>, ScheduledJob>>,
];
