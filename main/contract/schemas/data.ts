/** Schemas of the Data view's operations (../data.ts): dataset snapshots and their profiles. */
import { z } from 'zod';
import { CsvDialectOptionsSchema, CsvDialectSchema, EmptyInputSchema } from './common.js';
import { DatasetProfileSchema } from './dataset-profile.js';

/** A dataset snapshot as the Data view lists it: named by the SHA-256 of the CSV's bytes. */
export const DatasetSummarySchema = z.strictObject({
  id: z.string(),
  sourceName: z.string(),
  bytes: z.number(),
  rows: z.number(),
  columns: z.number(),
  createdAt: z.string(),
});

export const DatasetSchema = z.strictObject({ ...DatasetSummarySchema.shape, profile: DatasetProfileSchema });

/** Inputs as the handlers (main/data/handlers.ts) define them. */
export const dataOperationSchemas = {
  /** Stores the CSV text as a snapshot and profiles it (same profile as `podium ingest`). */
  'data.ingest': {
    input: z.strictObject({
      fileName: z.string().min(1),
      csvText: z.string(),
      dialect: CsvDialectOptionsSchema.optional(),
    }),
    output: DatasetSchema,
  },
  'data.dialect': {
    input: z.strictObject({
      file: z.string().min(1),
      dialect: CsvDialectOptionsSchema.optional(),
      model: z.string().min(1).optional(),
    }),
    output: CsvDialectSchema,
  },
  'data.list': { input: EmptyInputSchema, output: z.array(DatasetSummarySchema) },
  'data.profile': { input: z.strictObject({ datasetId: z.string().min(1) }), output: DatasetSchema },
};
