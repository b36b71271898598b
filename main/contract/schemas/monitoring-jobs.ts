/** Schemas of scheduled jobs and their runs (../monitoring.ts: JobRun, ScheduledJob, run summaries). */
import { z } from 'zod';
import { JsonValueSchema, PodiumErrorDataSchema } from './common.js';
import { DecisionOutcomeSchema } from './lifecycle.js';

const decisionIds = z.array(z.number());

/** The lifecycle cycle: what it trained, decided and cleaned, and the alerts it raised. */
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

/** The daily clean-up of expired runs. */
export const CleanupRunSummarySchema = z.strictObject({
  removedRuns: z.number(),
  removedArtifactDirs: z.number(),
  decisionIds,
});

/**
 * The weekly maintenance: job runs, resolved alerts and settled webhook events older than `cutoff`
 * forgotten.
 */
export const MaintenanceRunSummarySchema = z.strictObject({
  cutoff: z.string(),
  prunedJobRuns: z.number(),
  prunedResolvedAlerts: z.number(),
  /** Absent in runs recorded before events were pruned. */
  prunedSettledEvents: z.number().optional(),
  decisionIds,
});

/** A run skipped because another process held the job's lock. */
export const LockBusyRunSummarySchema = z.strictObject({
  reason: z.literal('lock busy'),
  lock: z.string(),
  holder: z.string(),
  leaseExpiresAt: z.string(),
});

/** A job added beside the built-in ones (`createLifecycleScheduler({ jobs })`) reports what it likes. */
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
  /** What the run did (null while it runs, and when it failed): one shape per built-in job. */
  summary: JobRunSummarySchema.nullable(),
});

export const ScheduledJobSchema = z.strictObject({
  name: z.string(),
  cron: z.string(),
  enabled: z.boolean(),
  nextRun: z.string().nullable(),
  lastRun: JobRunSchema.nullable(),
});
