/** Schemas of `podium monitor`'s report: live performance, estimates, the drop verdict (../monitor-report.ts). */
import { z } from 'zod';
import { TaskSchema } from './common.js';
import { AlertSchema } from './monitoring-alerts.js';

/** Rolling windows are calendar-aligned in UTC, so hourly and daily series line up across versions. */
export const PerformanceWindowSchema = z.enum(['hour', 'day']);

const role = z.enum(['champion', 'shadow']).nullable();

export const PerformancePointSchema = z.strictObject({
  /** Start of the UTC hour or day (ISO 8601). */
  windowStart: z.string(),
  /** Answered requests (status 200) of this version in the window, labelled or not. */
  requests: z.number(),
  /** Requests whose label arrived and names a class the model knows (or a finite number). */
  labelled: z.number(),
  /** The task's metrics (computeMetrics) on the labelled requests; {} when none is labelled. */
  metrics: z.record(z.string(), z.number()),
});

export const PerformanceOverTimeSchema = z.strictObject({
  modelName: z.string(),
  task: TaskSchema,
  window: PerformanceWindowSchema,
  from: z.string(),
  to: z.string(),
  /** Class order used for the metrics (index 1 is the positive class of a binary model). */
  classes: z.array(z.string()).nullable(),
  versions: z.array(
    z.strictObject({
      version: z.number(),
      /** The version's role in its latest request of the range; null without traffic. */
      role,
      /** Windows with at least one request, oldest first. */
      points: z.array(PerformancePointSchema),
    }),
  ),
});

/** One metric of one window: the early read, and the truth as far as labels have arrived. */
export const MetricReconciliationSchema = z.strictObject({
  /** CBPE's estimate over every request of the window; null when the task has none. */
  estimated: z.number().nullable(),
  /** computeMetrics on the window's labelled requests; null before any label. */
  realised: z.number().nullable(),
  labelledShare: z.number(),
  /** realised − estimated: positive when the model did better than estimated. */
  difference: z.number().nullable(),
});

export const EstimatedWindowSchema = z.strictObject({
  windowStart: z.string(),
  requests: z.number(),
  labelled: z.number(),
  labelledShare: z.number(),
  /** How this window's estimate was calibrated: never on the window's own labels. */
  calibration: z.strictObject({ method: z.string(), rows: z.number(), reason: z.string() }).nullable(),
  /** The accuracy the model's own probabilities promise, before calibration. */
  uncalibratedAccuracy: z.number().nullable(),
  /** Chance spread of the realised accuracy around the estimate, if the calibration holds. */
  accuracyStandardError: z.number().nullable(),
  metrics: z.record(z.string(), MetricReconciliationSchema),
  /** False when any warning applies: then read the estimate as a rough hint only. */
  reliable: z.boolean(),
  warnings: z.array(z.string()),
  /** Observations that do not weaken the estimate (e.g. calibration corrected over-confidence). */
  notes: z.array(z.string()),
});

/** Confidence-based performance estimates (CBPE) before labels arrive; classifiers only. */
export const PerformanceEstimateSchema = z.strictObject({
  modelName: z.string(),
  task: TaskSchema,
  /** CBPE for classifiers; Direct Loss Estimation (MAE, RMSE) for regressions. */
  method: z.enum(['cbpe', 'dle']),
  window: PerformanceWindowSchema,
  from: z.string(),
  to: z.string(),
  calibrationFrom: z.string(),
  classes: z.array(z.string()).nullable(),
  /** What the estimates rest on, in words, for the report or the UI. */
  assumptions: z.array(z.string()),
  versions: z.array(
    z.strictObject({
      version: z.number(),
      role,
      /** Whether CBPE applies to this version (classifiers only). */
      estimable: z.boolean(),
      /** Why there is no estimate, when there is none. */
      reason: z.string().nullable(),
      windows: z.array(EstimatedWindowSchema),
    }),
  ),
});

export const PerformanceDropSchema = z.strictObject({
  modelName: z.string(),
  /** The champion checked; null when the model has none. */
  version: z.number().nullable(),
  /** True only for a drop beyond the threshold on enough labels: alert and retrain. */
  dropped: z.boolean(),
  status: z.enum(['dropped', 'ok', 'insufficient_labels', 'no_champion', 'no_reference', 'undefined_metric']),
  metric: z.string(),
  direction: z.enum(['higher', 'lower']),
  /** The held-out value the version had at evaluation (its registry metrics). */
  evaluated: z.number().nullable(),
  /** The value on the labelled live traffic of the windows used. */
  observed: z.number().nullable(),
  /** Worsening relative to |evaluated|: a fall for higher-is-better metrics, a rise otherwise. */
  relativeDrop: z.number().nullable(),
  threshold: z.number(),
  labelled: z.number(),
  minLabelled: z.number(),
  window: PerformanceWindowSchema,
  /** The span of the latest windows pooled to reach minLabelled: from a window start to `now`. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  windows: z.number(),
  /** One sentence for an alert or a log line. */
  reason: z.string(),
});

const measured = z.number().nullable();

/** One sample (or a one-minute aggregate starting at `atMs`) of a service's metrics; latencies in seconds. */
export const ServiceMetricsSampleSchema = z.strictObject({
  atMs: z.number(),
  /** Seconds of successful sampling the point covers. */
  seconds: z.number(),
  /** Share of scrapes that succeeded: 0 or 1 for a raw sample. */
  upShare: z.number(),
  samples: z.number(),
  requests: measured,
  /** Requests per second. */
  throughput: measured,
  errors: measured,
  /** Non-2xx answers / requests; null without requests. */
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
  latestDrift: z
    .strictObject({
      id: z.number(),
      version: z.number(),
      createdAt: z.string(),
      datasetDrift: z.boolean(),
      summary: z.string(),
    })
    .nullable(),
  openAlerts: z.array(AlertSchema),
});
