/** Schemas of what profiling learns about a dataset (../dataset-profile.ts). */
import { z } from 'zod';

/** Inferred kind of a CSV column. */
export const ColumnTypeSchema = z.enum(['numeric', 'integer', 'binary', 'category', 'date', 'text', 'id']);

export const HistogramSchema = z.strictObject({
  /** Bin edges, length = counts.length + 1. */
  edges: z.array(z.number()),
  counts: z.array(z.number()),
});

export const NumericSummarySchema = z.strictObject({
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
  /** Quantiles at 0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1 (keys "p0", "p1", … "p100"). */
  quantiles: z.record(z.string(), z.number()),
  histogram: HistogramSchema,
});

export const CategoricalSummarySchema = z.strictObject({
  /** Most frequent values first (at most 50). */
  top: z.array(z.strictObject({ value: z.string(), count: z.number() })),
});

export const DateSummarySchema = z.strictObject({
  /** ISO 8601 strings. */
  min: z.string(),
  max: z.string(),
  /** The format that parsed every value, e.g. "YYYY-MM-DD" or "DD-MM-YYYY". */
  format: z.string(),
});

export const ColumnProfileSchema = z.strictObject({
  name: z.string(),
  type: ColumnTypeSchema,
  /** Non-missing cells; `count + missing` is the dataset's row count. */
  count: z.number(),
  missing: z.number(),
  /** Distinct non-missing values. */
  distinct: z.number(),
  /** Binary columns only: the two values in sorted order (numerically when both are numbers); index = 0/1. */
  levels: z.tuple([z.string(), z.string()]).optional(),
  numeric: NumericSummarySchema.optional(),
  categorical: CategoricalSummarySchema.optional(),
  date: DateSummarySchema.optional(),
  /**
   * A text column whose values are nearly all dates in one format: the few that are not, so a
   * time split or a date feature can say which cells to fix instead of "no date column".
   */
  almostDate: z
    .strictObject({ format: z.string(), unparsedCount: z.number(), unparsed: z.array(z.string()) })
    .optional(),
  /**
   * A text column whose cells are nearly all numbers: how many are not and the first few of
   * them, so a typo deep in a large file (`12.5kg`) is named instead of silently making it text.
   */
  almostNumeric: z.strictObject({ notNumbers: z.number(), values: z.array(z.string()) }).optional(),
});

export const DatasetProfileSchema = z.strictObject({
  rows: z.number(),
  columns: z.array(ColumnProfileSchema),
});
