/** Schemas of `podium cycle`'s report and the lifecycle status it ends with (../cycle.ts). */
import { z } from 'zod';
import { CsvDialectOptionsSchema, MetricsSchema } from './common.js';
import { DecisionSchema, ShadowTestReportSchema } from './lifecycle.js';
import { TrainingResultSchema } from './training.js';

/** A model's lifecycle at a glance, as `podium status --json` prints it (in snake_case). */
export const LifecycleStatusViewSchema = z.strictObject({
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
  shadowTests: z.array(
    z.strictObject({
      id: z.number(),
      status: z.string(),
      championVersion: z.number(),
      challengerVersion: z.number(),
      durationDays: z.number(),
      minSamples: z.number(),
      decisionId: z.number(),
      createdAt: z.string(),
      /** For running tests: pairs in, interval so far, pairs still needed, time left. */
      report: ShadowTestReportSchema.optional(),
    }),
  ),
  decisions: z.array(
    z.strictObject({
      id: z.number(),
      outcome: z.string(),
      championVersion: z.number().nullable(),
      challengerVersion: z.number().nullable(),
      reasons: z.array(z.string()),
      summary: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export const CycleRunReportSchema = z.strictObject({
  dryRun: z.boolean(),
  /** What the cycle did (or, in a dry run, would do), one step a line. */
  plan: z.array(z.string()),
  trained: z.array(TrainingResultSchema),
  decisions: z.array(DecisionSchema),
  removedRuns: z.array(z.string()),
  status: LifecycleStatusViewSchema,
});

/** Inputs of the operations served by main/app/cycle-handlers.ts. */
export const cycleOperationSchemas = {
  /**
   * Trains a challenger on new data (`file` on this machine, or new files in data.incoming_dir),
   * compares, decides and cleans up, under the lifecycle lease the scheduler takes too; progress
   * arrives as `operation.progress`. A dry run changes nothing and takes no lease.
   */
  'cycle.run': {
    input: z.strictObject({
      file: z.string().trim().min(1).optional(),
      dryRun: z.boolean().optional(),
      model: z.string().min(1).optional(),
      dialect: CsvDialectOptionsSchema.optional(),
    }),
    output: CycleRunReportSchema,
  },
};
