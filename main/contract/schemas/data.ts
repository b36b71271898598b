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

/** A snapshot with its profile and the dialect it was read with (detected, or as the user gave it). */
export const DatasetSchema = z.strictObject({
  ...DatasetSummarySchema.shape,
  profile: DatasetProfileSchema,
  dialect: CsvDialectSchema,
});

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
  /**
   * How a CSV is written (separator, decimal mark, date formats), detected from its first lines
   * with `dialect` overriding: a file on this machine (the CLI), or an upload's text before it is
   * ingested (the Data view; `fileName` only names it in messages).
   */
  'data.dialect': {
    input: z
      .strictObject({
        file: z.string().min(1).optional(),
        csvText: z.string().optional(),
        fileName: z.string().min(1).optional(),
        dialect: CsvDialectOptionsSchema.optional(),
        model: z.string().min(1).optional(),
      })
      .refine((input) => (input.file === undefined) !== (input.csvText === undefined), {
        message: 'give either file or csvText',
        path: ['file'],
      }),
    output: CsvDialectSchema,
  },
  'data.list': { input: EmptyInputSchema, output: z.array(DatasetSummarySchema) },
  'data.profile': { input: z.strictObject({ datasetId: z.string().min(1) }), output: DatasetSchema },
};
