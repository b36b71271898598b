/** Schemas of drift reports and the monitoring operations (../monitoring.ts). */
import { z } from 'zod';
import type {
  DriftReport,
  DriftStatus,
  FeatureDrift,
  MonitoringOperations,
  StoredDriftReport,
} from '../monitoring.js';
import { CsvDialectOptionsSchema, EmptyInputSchema, JobStartedSchema } from './common.js';
import { MonitorReportSchema } from './monitor-report.js';
import { AlertSchema, AlertStatusSchema } from './monitoring-alerts.js';
import { JobRunSchema, ScheduledJobSchema } from './monitoring-jobs.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const DriftStatusSchema = z.enum(['ok', 'warning', 'drift', 'not_applicable']);

export const FeatureDriftSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  status: DriftStatusSchema,
  reason: z.string(),
  decided_by: z.enum(['effect_size', 'test', 'schema', 'none']),
  n_reference: z.number(),
  n_current: z.number(),
  missing_current: z.number(),
  statistics: z.record(z.string(), z.number()),
  histograms: z.union([
    z.strictObject({
      edges: z.array(z.number()),
      reference: z.array(z.number()),
      current: z.array(z.number()),
    }),
    z.strictObject({
      categories: z.array(z.string()),
      reference: z.array(z.number()),
      current: z.array(z.number()),
    }),
  ]),
});

export const DriftReportSchema = z.strictObject({
  dataset_drift: z.boolean(),
  drift_share: z.number(),
  drifted_features: z.number(),
  applicable_features: z.number(),
  features: z.array(FeatureDriftSchema),
  prediction: FeatureDriftSchema.optional(),
  summary: z.string(),
});

export const StoredDriftReportSchema = z.strictObject({
  id: z.number(),
  model: z.string(),
  version: z.number(),
  source: z.enum(['file', 'live']),
  dataset_id: z.string().nullable(),
  window: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
  rows: z.number(),
  created_at: z.string(),
  report: DriftReportSchema,
});

/** Inputs as main/monitoring/handlers.ts and main/scheduler/handlers.ts define them. */
export const monitoringOperationSchemas = {
  'drift.report': {
    input: z.strictObject({ model: z.string().min(1).optional(), datasetId: z.string().min(1).optional() }),
    output: StoredDriftReportSchema.nullable(),
  },
  'drift.check': {
    input: z
      .strictObject({
        model: z.string().min(1).optional(),
        version: z.number().int().min(1).optional(),
        file: z.string().trim().min(1).optional(),
        windowMs: z.number().int().min(1).optional(),
        dialect: CsvDialectOptionsSchema.optional(),
      })
      .refine((input) => (input.file === undefined) !== (input.windowMs === undefined), {
        message: 'give either file or windowMs',
        path: ['file'],
      }),
    output: StoredDriftReportSchema,
  },
  'monitoring.report': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      window: z.enum(['hour', 'day']).optional(),
      days: z.number().int().min(1).max(3_650).optional(),
    }),
    output: MonitorReportSchema,
  },
  'drift.history': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    output: z.array(StoredDriftReportSchema),
  },
  'scheduler.jobs': { input: EmptyInputSchema, output: z.array(ScheduledJobSchema) },
  'scheduler.history': {
    input: z.strictObject({
      job: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: z.array(JobRunSchema),
  },
  'scheduler.runNow': { input: z.strictObject({ job: z.string().min(1) }), output: JobStartedSchema },
  'scheduler.start': {
    input: EmptyInputSchema,
    output: z.strictObject({ enabled: z.boolean(), jobs: z.array(ScheduledJobSchema) }),
  },
  'alerts.list': {
    input: z.strictObject({
      status: AlertStatusSchema.optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      model: z.string().min(1).optional(),
    }),
    output: z.array(AlertSchema),
  },
  'alerts.acknowledge': { input: z.strictObject({ id: z.number().int().min(1) }), output: AlertSchema },
  'alerts.resolve': { input: z.strictObject({ id: z.number().int().min(1) }), output: AlertSchema },
};

export type MonitoringTypeChecks = [
  Assert<Equal<z.infer<typeof DriftStatusSchema>, DriftStatus>>,
  Assert<Equal<z.infer<typeof FeatureDriftSchema>, FeatureDrift>>,
  Assert<Equal<z.infer<typeof DriftReportSchema>, DriftReport>>,
  Assert<Equal<z.infer<typeof StoredDriftReportSchema>, StoredDriftReport>>,
  NoneOf<OperationMismatches<MonitoringOperations, typeof monitoringOperationSchemas>>,
];
