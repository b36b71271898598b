/** Schemas of `podium cycle`'s report and the lifecycle status it ends with (../cycle.ts). */
import { z } from 'zod';
import type { CycleOperations, CycleRunReport, LifecycleStatusView } from '../cycle.js';
import { CsvDialectOptionsSchema, MetricsSchema } from './common.js';
import { DecisionSchema, ShadowTestReportSchema } from './lifecycle.js';
import { TrainingResultSchema } from './training.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const LifecycleStatusViewSchema = z.strictObject({
  model: z.string(),
  task: z.string().nullable(),
  target: z.string().nullable(),
  champion: z
    .strictObject({
      version: z.number(),
      model_type: z.string(),
      metrics: MetricsSchema,
      since: z.string().nullable(),
    })
    .nullable(),
  challengers: z.array(
    z.strictObject({
      version: z.number(),
      model_type: z.string(),
      metrics: MetricsSchema,
      created_at: z.string(),
    }),
  ),
  shadow_tests: z.array(
    z.strictObject({
      id: z.number(),
      status: z.string(),
      champion_version: z.number(),
      challenger_version: z.number(),
      duration_days: z.number(),
      min_samples: z.number(),
      decision_id: z.number(),
      created_at: z.string(),
      report: ShadowTestReportSchema.optional(),
    }),
  ),
  decisions: z.array(
    z.strictObject({
      id: z.number(),
      outcome: z.string(),
      champion_version: z.number().nullable(),
      challenger_version: z.number().nullable(),
      reasons: z.array(z.string()),
      summary: z.string(),
      created_at: z.string(),
    }),
  ),
});

export const CycleRunReportSchema = z.strictObject({
  dryRun: z.boolean(),
  plan: z.array(z.string()),
  trained: z.array(TrainingResultSchema),
  decisions: z.array(DecisionSchema),
  removedRuns: z.array(z.string()),
  status: LifecycleStatusViewSchema,
});

/** Inputs of the operations served by main/app/cycle-handlers.ts. */
export const cycleOperationSchemas = {
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

export type CycleTypeChecks = [
  Assert<Equal<z.infer<typeof LifecycleStatusViewSchema>, LifecycleStatusView>>,
  Assert<Equal<z.infer<typeof CycleRunReportSchema>, CycleRunReport>>,
  NoneOf<OperationMismatches<CycleOperations, typeof cycleOperationSchemas>>,
];
