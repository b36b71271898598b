/** Schemas of `podium monitor`'s report: live performance, estimates, the drop verdict (../monitor-report.ts). */
import { z } from 'zod';
import type {
  EstimatedWindow,
  MetricReconciliation,
  MonitorReport,
  PerformanceDrop,
  PerformanceEstimate,
  PerformanceOverTime,
  PerformancePoint,
  PerformanceWindow,
  ServiceMetricsSample,
} from '../monitor-report.js';
import { TaskSchema } from './common.js';
import { AlertSchema } from './monitoring-alerts.js';
import type { Assert, Equal } from './type-equal.js';

export const PerformanceWindowSchema = z.enum(['hour', 'day']);

const role = z.enum(['champion', 'shadow']).nullable();

export const PerformancePointSchema = z.strictObject({
  window_start: z.string(),
  requests: z.number(),
  labelled: z.number(),
  metrics: z.record(z.string(), z.number()),
});

export const PerformanceOverTimeSchema = z.strictObject({
  model_name: z.string(),
  task: TaskSchema,
  window: PerformanceWindowSchema,
  from: z.string(),
  to: z.string(),
  classes: z.array(z.string()).nullable(),
  versions: z.array(z.strictObject({ version: z.number(), role, points: z.array(PerformancePointSchema) })),
});

export const MetricReconciliationSchema = z.strictObject({
  estimated: z.number().nullable(),
  realised: z.number().nullable(),
  labelled_share: z.number(),
  difference: z.number().nullable(),
});

export const EstimatedWindowSchema = z.strictObject({
  window_start: z.string(),
  requests: z.number(),
  labelled: z.number(),
  labelled_share: z.number(),
  calibration: z.strictObject({ method: z.string(), rows: z.number(), reason: z.string() }).nullable(),
  uncalibrated_accuracy: z.number().nullable(),
  accuracy_standard_error: z.number().nullable(),
  metrics: z.record(z.string(), MetricReconciliationSchema),
  reliable: z.boolean(),
  warnings: z.array(z.string()),
  notes: z.array(z.string()),
});

export const PerformanceEstimateSchema = z.strictObject({
  model_name: z.string(),
  task: TaskSchema,
  method: z.literal('cbpe'),
  window: PerformanceWindowSchema,
  from: z.string(),
  to: z.string(),
  calibration_from: z.string(),
  classes: z.array(z.string()).nullable(),
  assumptions: z.array(z.string()),
  versions: z.array(
    z.strictObject({
      version: z.number(),
      role,
      estimable: z.boolean(),
      reason: z.string().nullable(),
      windows: z.array(EstimatedWindowSchema),
    }),
  ),
});

export const PerformanceDropSchema = z.strictObject({
  model_name: z.string(),
  version: z.number().nullable(),
  dropped: z.boolean(),
  status: z.enum(['dropped', 'ok', 'insufficient_labels', 'no_champion', 'no_reference', 'undefined_metric']),
  metric: z.string(),
  direction: z.enum(['higher', 'lower']),
  evaluated: z.number().nullable(),
  observed: z.number().nullable(),
  relative_drop: z.number().nullable(),
  threshold: z.number(),
  labelled: z.number(),
  min_labelled: z.number(),
  window: PerformanceWindowSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  windows: z.number(),
  reason: z.string(),
});

const measured = z.number().nullable();

export const ServiceMetricsSampleSchema = z.strictObject({
  atMs: z.number(),
  seconds: z.number(),
  upShare: z.number(),
  samples: z.number(),
  requests: measured,
  throughput: measured,
  errors: measured,
  errorRate: measured,
  clientErrors: measured,
  clientErrorRate: measured,
  modelErrors: measured,
  p50: measured,
  p95: measured,
  p99: measured,
  cpuPercent: measured,
  cpuPercentMax: measured,
  memoryBytes: measured,
  memoryBytesMax: measured,
});

export const MonitorReportSchema = z.strictObject({
  model: z.string(),
  window: PerformanceWindowSchema,
  from: z.string(),
  to: z.string(),
  performance: PerformanceOverTimeSchema.nullable(),
  estimate: PerformanceEstimateSchema.nullable(),
  drop: PerformanceDropSchema.nullable(),
  services: z.array(
    z.strictObject({
      version: z.union([z.number(), z.literal('gateway')]),
      latest: ServiceMetricsSampleSchema.nullable(),
    }),
  ),
  latest_drift: z
    .strictObject({
      id: z.number(),
      version: z.number(),
      created_at: z.string(),
      dataset_drift: z.boolean(),
      summary: z.string(),
    })
    .nullable(),
  open_alerts: z.array(AlertSchema),
});

export type MonitorReportTypeChecks = [
  Assert<Equal<z.infer<typeof PerformanceWindowSchema>, PerformanceWindow>>,
  Assert<Equal<z.infer<typeof PerformancePointSchema>, PerformancePoint>>,
  Assert<Equal<z.infer<typeof PerformanceOverTimeSchema>, PerformanceOverTime>>,
  Assert<Equal<z.infer<typeof MetricReconciliationSchema>, MetricReconciliation>>,
  Assert<Equal<z.infer<typeof EstimatedWindowSchema>, EstimatedWindow>>,
  Assert<Equal<z.infer<typeof PerformanceEstimateSchema>, PerformanceEstimate>>,
  Assert<Equal<z.infer<typeof PerformanceDropSchema>, PerformanceDrop>>,
  Assert<Equal<z.infer<typeof ServiceMetricsSampleSchema>, ServiceMetricsSample>>,
  Assert<Equal<z.infer<typeof MonitorReportSchema>, MonitorReport>>,
];
