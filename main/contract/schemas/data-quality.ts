/** Schemas of the data-quality part of a drift report (main/monitoring/data-quality/). */
import { z } from 'zod';

export const DataQualityCheckNameSchema = z.enum([
  'missing_rate',
  'out_of_range',
  'unseen_category',
  'type_mismatch',
]);

export const DataQualityCheckSchema = z.strictObject({
  column: z.string(),
  check: DataQualityCheckNameSchema,
  /** `alert`: the value is beyond its threshold. */
  status: z.enum(['ok', 'alert']),
  /** A share of the current rows (0…1). */
  value: z.number(),
  /** The upper threshold: above it is an alert. */
  threshold: z.number(),
  /** The lower threshold, for checks where a fall is a change too (missing rate); absent otherwise. */
  thresholdLower: z.number().optional(),
  usedByModel: z.boolean(),
  /** One sentence: the value, the threshold and where the threshold came from. */
  reason: z.string(),
});

export const DataQualityReferenceSchema = z.strictObject({
  /** Rows of the training data the thresholds were learned from. */
  rows: z.number(),
  /** Contiguous chunks of the training data (0 when it was too small and floors were used). */
  chunks: z.number(),
  chunkRows: z.number(),
  /** `chunks`: mean ± 3σ of the chunk values (never tighter than the floor); `floor`: floors only. */
  method: z.enum(['chunks', 'floor']),
});
