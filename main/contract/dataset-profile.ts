/** What profiling learns about a dataset (plain data, shared by the core and the views): types of the schemas in ./schemas/dataset-profile.ts. */
import type { z } from 'zod';
import type {
  CategoricalSummarySchema,
  ColumnProfileSchema,
  ColumnTypeSchema,
  DatasetProfileSchema,
  DateSummarySchema,
  HistogramSchema,
  NumericSummarySchema,
} from './schemas/dataset-profile.js';

export type ColumnType = z.infer<typeof ColumnTypeSchema>;
export type Histogram = z.infer<typeof HistogramSchema>;
export type NumericSummary = z.infer<typeof NumericSummarySchema>;
export type CategoricalSummary = z.infer<typeof CategoricalSummarySchema>;
export type DateSummary = z.infer<typeof DateSummarySchema>;
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;
export type DatasetProfile = z.infer<typeof DatasetProfileSchema>;
