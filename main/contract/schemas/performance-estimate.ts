/** Schemas of the label-free performance estimate of a data file (`podium estimate`). */
import { z } from 'zod';
import { CsvDialectOptionsSchema } from './common.js';

export const MetricEstimateSchema = z.strictObject({
  version: z.number(),
  /** champion, or the version's stage (shadow) beside it. */
  role: z.string(),
  metric: z.string(),
  /** Direct Loss Estimation for a regression, CBPE for a classifier. */
  method: z.enum(['dle', 'cbpe']),
  estimated: z.number(),
  /** Against the file's target, where the file holds it. */
  realised: z.number().nullable(),
  /** Realised on the version's held-out reference rows: the estimate when nothing moved. */
  reference: z.number().nullable(),
});

export const ColumnAttributionSchema = z.strictObject({
  version: z.number(),
  column: z.string(),
  metric: z.string(),
  /** The estimate on the file minus the estimate with this column reset to its reference distribution. */
  estimatedChange: z.number(),
  estimatedWithReference: z.number(),
});

/** Rows whose numeric input lies beyond the reference's range: the estimator has seen no errors there. */
export const OutsideReferenceSchema = z.strictObject({
  version: z.number(),
  column: z.string(),
  /** Share of the file's rows with a value in this column, from 0 to 1. */
  share: z.number(),
  referenceMin: z.number(),
  referenceMax: z.number(),
});

export const PerformanceEstimateFileSchema = z.strictObject({
  model: z.string(),
  task: z.enum(['binary', 'category', 'number']),
  file: z.string(),
  rows: z.number(),
  /** Each version's estimator was fitted on this many held-out reference rows. */
  referenceRows: z.record(z.string(), z.number()),
  metrics: z.array(MetricEstimateSchema),
  /** With `attribution`: columns of the champion ranked by how much they move its estimate. */
  attribution: z.array(ColumnAttributionSchema).nullable(),
  outsideReference: z.array(OutsideReferenceSchema),
  assumptions: z.array(z.string()),
});

export const performanceEstimateOperationSchemas = {
  /**
   * `podium estimate`: the champion's and every shadow's performance on a CSV file on this
   * machine or a stored dataset, estimated without labels, with the realised value where the
   * data holds the target; with `attribution`, the columns ranked by how much each moves it.
   */
  'performance.estimate': {
    input: z
      .strictObject({
        model: z.string().min(1).optional(),
        /** A CSV on this machine (the CLI), or */
        file: z.string().trim().min(1).optional(),
        /** a stored dataset (the Drift view). */
        datasetId: z.string().min(1).optional(),
        dialect: CsvDialectOptionsSchema.optional(),
        attribution: z.boolean().optional(),
      })
      .refine((input) => (input.file === undefined) !== (input.datasetId === undefined), {
        message: 'give either file or datasetId',
        path: ['file'],
      }),
    output: PerformanceEstimateFileSchema,
  },
};
