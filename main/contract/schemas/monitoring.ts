/** Schemas of drift reports and the monitoring operations (../monitoring.ts). */
import { z } from 'zod';
import { CsvDialectOptionsSchema, EmptyInputSchema, JobStartedSchema } from './common.js';
import { DataQualityCheckSchema, DataQualityReferenceSchema } from './data-quality.js';
import { MonitorReportSchema } from './monitor-report.js';
import { AlertSchema, AlertStatusSchema } from './monitoring-alerts.js';
import { JobRunSchema, ScheduledJobSchema } from './monitoring-jobs.js';
import { performanceEstimateOperationSchemas } from './performance-estimate.js';

export const DriftStatusSchema = z.enum(['ok', 'warning', 'drift', 'not_applicable']);

export const FeatureDriftSchema = z.strictObject({
  name: z.string(),
  /** A date column gets a range check against the training window, not a distribution test. */
  kind: z.enum(['numeric', 'categorical', 'date']),
  /** Whether the model reads the column; columns it left out are reported but not counted in the drift share. */
  usedByModel: z.boolean().optional(),
  /** Date columns: the share of current dates outside the training data's [first, last] date. */
  rangeCheck: z
    .strictObject({ outsideShare: z.number(), window: z.tuple([z.string(), z.string()]) })
    .optional(),
  status: DriftStatusSchema,
  reason: z.string(),
  decidedBy: z.enum(['effect_size', 'test', 'schema', 'none']),
  nReference: z.number(),
  nCurrent: z.number(),
  missingCurrent: z.number(),
  statistics: z.record(z.string(), z.number()),
  /** Shares per bin (numeric: `edges`) or per category, reference against current. */
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

/** How rows are grouped into periods by a date column: ISO weeks (from Monday), calendar months, days; UTC. */
export const DriftPeriodSchema = z.enum(['day', 'week', 'month']);

/**
 * One period's drift against the reference, tested as the whole file is (correction within the
 * period). `too_few_rows`: under the stated minimum, so no verdict (and no features).
 */
export const DriftChunkSchema = z.strictObject({
  /** First day of the period, YYYY-MM-DD (UTC). */
  start: z.string(),
  /** First day after the period, YYYY-MM-DD (UTC): the period is [start, end). */
  end: z.string(),
  /** 2024-03-05, 2024-W10 (ISO week) or 2024-03. */
  label: z.string(),
  rows: z.number(),
  driftShare: z.number(),
  driftedFeatures: z.number(),
  applicableFeatures: z.number(),
  /** drift: dataset drift; warning: some feature drifted, below the dataset share; ok: none drifted. */
  status: z.enum(['ok', 'warning', 'drift', 'too_few_rows']),
  features: z.array(FeatureDriftSchema),
});

export const DriftChunkingSchema = z.strictObject({
  /** The date column rows were grouped by. */
  by: z.string(),
  every: DriftPeriodSchema,
  /** A period with fewer rows gets no verdict (`too_few_rows`). */
  minRows: z.number(),
  /** Rows whose date was missing or did not read as a date: in the whole-file report, in no period. */
  rowsWithoutDate: z.number(),
});
/**
 * Drift in how columns move together, where each column alone may look the same
 * (main/monitoring/multivariate/): PCA reconstruction error, and a classifier telling reference
 * rows from current ones. Numbers are null when the check was not applicable.
 */
export const MultivariateDriftSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('pca_reconstruction'),
    status: DriftStatusSchema,
    /** Mean reconstruction error of the current rows checked. */
    value: z.number().nullable(),
    /** Upper limit: the reference chunks' mean error + 3σ, σ scaled to the rows compared. */
    threshold: z.number().nullable(),
    /** Lower limit: mean − 3σ (an error falling that far is a change too). */
    lowerThreshold: z.number().nullable(),
    /** Mean error of the held-out reference rows. */
    referenceValue: z.number().nullable(),
    components: z.number(),
    explainedVariance: z.number().nullable(),
    referenceRows: z.number(),
    currentRows: z.number(),
    reason: z.string(),
    /** True when the check was not run (a live window under its minimum rows); the reason says why. */
    skipped: z.boolean().optional(),
  }),
  z.strictObject({
    method: z.literal('domain_classifier'),
    status: DriftStatusSchema,
    /** Cross-validated AUC of telling current rows from reference rows. */
    auc: z.number().nullable(),
    /** The AUC chance stays below with probability 1 − alpha at these sample sizes. */
    threshold: z.number().nullable(),
    alpha: z.number(),
    folds: z.number(),
    referenceRows: z.number(),
    currentRows: z.number(),
    /** Model inputs by their share of the classifier's split gain, largest first. */
    topFeatures: z.array(z.strictObject({ name: z.string(), importance: z.number() })),
    reason: z.string(),

    /** True when the check was not run (a live window under its minimum rows); the reason says why. */
    skipped: z.boolean().optional(),
  }),
]);

export const DriftReportSchema = z.strictObject({
  datasetDrift: z.boolean(),
  /** Drifted features / applicable features (0 when none is applicable). */
  driftShare: z.number(),
  driftedFeatures: z.number(),
  applicableFeatures: z.number(),
  features: z.array(FeatureDriftSchema),
  prediction: FeatureDriftSchema.optional(),
  /**
   * Prediction drift of a file scores a uniform random sample of its rows: how many, of how many,
   * and the error that allows at `confidence` (the DKW bound on the sample's output CDF, and the
   * KS statistic the test against the reference needs at this size).
   */
  predictionSample: z
    .strictObject({
      rows: z.number(),
      of: z.number(),
      seed: z.number(),
      confidence: z.number(),
      dkwBound: z.number(),
      ksCritical: z.number().nullable(),
    })
    .optional(),
  multivariate: z.array(MultivariateDriftSchema).optional(),
  summary: z.string(),
  /** Data-quality checks of every column, against thresholds learned from the training data. */
  dataQuality: z.array(DataQualityCheckSchema).optional(),
  /** How the data-quality thresholds were learned: chunks of the training data, or floors. */
  dataQualityReference: DataQualityReferenceSchema.optional(),
  /** With a date column to group by: how, and each period's drift, oldest first. */
  chunking: DriftChunkingSchema.optional(),
  chunks: z.array(DriftChunkSchema).optional(),
});

export const StoredDriftReportSchema = z.strictObject({
  id: z.number(),
  model: z.string(),
  version: z.number(),
  source: z.enum(['file', 'live']),
  datasetId: z.string().nullable(),
  window: z.strictObject({ from: z.string(), to: z.string() }).nullable(),
  rows: z.number(),
  createdAt: z.string(),
  report: DriftReportSchema,
});

/** Inputs as main/monitoring/handlers.ts and main/scheduler/handlers.ts define them. */
export const monitoringOperationSchemas = {
  ...performanceEstimateOperationSchemas,
  /**
   * With `datasetId`: checks that dataset against the champion's training reference now and
   * stores the report. Without: the latest stored report (null when none).
   */
  'drift.report': {
    input: z.strictObject({ model: z.string().min(1).optional(), datasetId: z.string().min(1).optional() }),
    output: StoredDriftReportSchema.nullable(),
  },
  /**
   * `podium drift`: checks a version (default: the champion) against its training reference on a
   * CSV file on this machine, or on the live requests of the last `windowMs`, and stores the report.
   */
  'drift.check': {
    input: z
      .strictObject({
        model: z.string().min(1).optional(),
        version: z.number().int().min(1).optional(),
        file: z.string().trim().min(1).optional(),
        windowMs: z.number().int().min(1).optional(),
        dialect: CsvDialectOptionsSchema.optional(),
        /** Also check each period of `file`, grouped by this date column, `every` day, week or month. */
        by: z.string().trim().min(1).optional(),
        every: DriftPeriodSchema.optional(),
      })
      .refine((input) => (input.file === undefined) !== (input.windowMs === undefined), {
        message: 'give either file or windowMs',
        path: ['file'],
      })
      .refine((input) => (input.by === undefined) === (input.every === undefined), {
        message: 'give by and every together',
        path: ['by'],
      })
      .refine((input) => input.by === undefined || input.file !== undefined, {
        message: 'by groups the rows of a file; give file',
        path: ['by'],
      }),
    output: StoredDriftReportSchema,
  },
  /** Live performance (realised and estimated), the drop verdict, service metrics, drift and alerts. */
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
  /** Runs a scheduled job now, in the background (kind `cycle`). */
  'scheduler.runNow': { input: z.strictObject({ job: z.string().min(1) }), output: JobStartedSchema },
  /**
   * Runs the scheduled jobs in this process until it closes (`podium scheduler`): catches up what
   * was missed, then fires at each job's cron; each finished run arrives as `scheduler.ran`.
   * `enabled` false (scheduler.enabled off in the config) starts nothing.
   */
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
  /** Marks the alert resolved (the condition is gone or dealt with). */
  'alerts.resolve': { input: z.strictObject({ id: z.number().int().min(1) }), output: AlertSchema },
};
