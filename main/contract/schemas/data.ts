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
   * The same ingest from a file on this machine (`podium data add`; the desktop app for a file
   * the user dropped): read where it is, with `operation.progress` events (step `read`, bytes,
   * `message` the `ingestId` or else the file) on the way. Local-only.
   */
  'data.ingestFile': {
    input: z.strictObject({
      file: z.string().min(1),
      dialect: CsvDialectOptionsSchema.optional(),
      /** A caller's id for this ingest: its progress events carry it, and `data.uploadCancel` stops it. */
      ingestId: z.string().min(1).max(100).optional(),
    }),
    output: DatasetSchema,
  },
  /**
   * A browser's upload in pieces, so no file travels as one JSON string: start, send the bytes in
   * order (base64, at most `chunkBytes` raw bytes each), then finish (the ingest, with
   * `operation.progress` events carrying the upload id) or cancel (at any time, the ingest too).
   */
  'data.uploadStart': {
    input: z.strictObject({
      fileName: z.string().min(1),
      /** The file's size: the upload refuses more, and finishing with less. */
      bytes: z.number().int().min(0),
      dialect: CsvDialectOptionsSchema.optional(),
    }),
    output: z.strictObject({ uploadId: z.string(), chunkBytes: z.number() }),
  },
  'data.uploadChunk': {
    input: z.strictObject({
      uploadId: z.string().min(1),
      /** Where this chunk starts: the bytes received so far, so a repeated or lost chunk is caught. */
      offset: z.number().int().min(0),
      base64: z.string(),
    }),
    output: z.strictObject({ received: z.number(), bytes: z.number() }),
  },
  'data.uploadFinish': {
    input: z.strictObject({ uploadId: z.string().min(1) }),
    output: DatasetSchema,
  },
  /** Also stops a `data.ingestFile` whose `ingestId` is this id. */
  'data.uploadCancel': {
    input: z.strictObject({ uploadId: z.string().min(1) }),
    /** False when the upload had already ended (finished, cancelled or never started). */
    output: z.strictObject({ cancelled: z.boolean() }),
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
  /** `datasetId`: the id or a unique prefix of it. */
  'data.profile': { input: z.strictObject({ datasetId: z.string().min(1) }), output: DatasetSchema },
  /**
   * Removes a snapshot (its file, profile and row), refused while a registered version, a run,
   * a run's lineage, a decision or a drift report still names it. Answers what was removed.
   */
  'data.remove': { input: z.strictObject({ datasetId: z.string().min(1) }), output: DatasetSummarySchema },
  /**
   * Writes a snapshot to a file of this machine: `csv`, its own bytes; `parquet`, its cells typed
   * by its profile (numbers DOUBLE, whole numbers BIGINT, dates DATE or TIMESTAMP, the rest VARCHAR).
   */
  'data.export': {
    input: z.strictObject({
      datasetId: z.string().min(1),
      format: z.enum(['csv', 'parquet']),
      file: z.string().min(1),
    }),
    output: z.strictObject({
      datasetId: z.string(),
      format: z.enum(['csv', 'parquet']),
      file: z.string(),
      rows: z.number(),
      bytes: z.number(),
      sha256: z.string(),
    }),
  },
};
