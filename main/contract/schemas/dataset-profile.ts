/** Schemas of what profiling learns about a dataset (../dataset-profile.ts). */
import { z } from 'zod';
import type {
  CategoricalSummary,
  ColumnProfile,
  ColumnType,
  DatasetProfile,
  DateSummary,
  Histogram,
  NumericSummary,
} from '../dataset-profile.js';
import type { Assert, Equal } from './type-equal.js';

export const ColumnTypeSchema = z.enum(['numeric', 'integer', 'binary', 'category', 'date', 'text', 'id']);

export const HistogramSchema = z.strictObject({ edges: z.array(z.number()), counts: z.array(z.number()) });

export const NumericSummarySchema = z.strictObject({
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
  quantiles: z.record(z.string(), z.number()),
  histogram: HistogramSchema,
});

export const CategoricalSummarySchema = z.strictObject({
  top: z.array(z.strictObject({ value: z.string(), count: z.number() })),
});

export const DateSummarySchema = z.strictObject({ min: z.string(), max: z.string(), format: z.string() });

export const ColumnProfileSchema = z.strictObject({
  name: z.string(),
  type: ColumnTypeSchema,
  count: z.number(),
  missing: z.number(),
  distinct: z.number(),
  levels: z.tuple([z.string(), z.string()]).optional(),
  numeric: NumericSummarySchema.optional(),
  categorical: CategoricalSummarySchema.optional(),
  date: DateSummarySchema.optional(),
  almostDate: z
    .strictObject({ format: z.string(), unparsedCount: z.number(), unparsed: z.array(z.string()) })
    .optional(),
});

export const DatasetProfileSchema = z.strictObject({
  rows: z.number(),
  columns: z.array(ColumnProfileSchema),
});

export type DatasetProfileTypeChecks = [
  Assert<Equal<z.infer<typeof ColumnTypeSchema>, ColumnType>>,
  Assert<Equal<z.infer<typeof HistogramSchema>, Histogram>>,
  Assert<Equal<z.infer<typeof NumericSummarySchema>, NumericSummary>>,
  Assert<Equal<z.infer<typeof CategoricalSummarySchema>, CategoricalSummary>>,
  Assert<Equal<z.infer<typeof DateSummarySchema>, DateSummary>>,
  Assert<Equal<z.infer<typeof ColumnProfileSchema>, ColumnProfile>>,
  Assert<Equal<z.infer<typeof DatasetProfileSchema>, DatasetProfile>>,
];
