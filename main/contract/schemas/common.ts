/**
 * Schemas of the shapes several contract areas share (../common.ts, ../errors.ts). The contract
 * is the renderer's leaf layer, so these files import zod and contract files only (types, and
 * the Node-free date formats list), no Node. Plain serialisable data only: ISO strings for times,
 * numbers for database ids, no class instances.
 */
import { z } from 'zod';
import type { JsonValue } from '../common.js';
import { CSV_DELIMITERS, DECIMAL_MARKS } from '../csv-dialect.js';
import { DATE_FORMATS } from '../date-formats.js';

export const TaskSchema = z.enum(['binary', 'category', 'number']);
export const ModelFamilySchema = z.enum(['linear', 'ecd', 'gbm', 'random_forest']);
/** What a user may ask to train: a family, or `auto` (the best family by validation metric). */
export const ModelTypeChoiceSchema = z.enum(['auto', 'linear', 'ecd', 'gbm', 'random_forest']);
export const StageSchema = z.enum(['none', 'challenger', 'champion', 'shadow', 'archived']);
export const MetricsSchema = z.record(z.string(), z.number());

/** The date formats a training input may name (one list, in the contract: the message names them in order). */
export const DateFormatSchema = z.enum(DATE_FORMATS);

/** How a CSV is written (../csv-dialect.ts): what an operation that reads a file may be told. */
const DateFormatsByColumnSchema = z.record(z.string().min(1), DateFormatSchema);
export const CsvDialectOptionsSchema = z.strictObject({
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  decimal: z.enum(DECIMAL_MARKS).optional(),
  dateFormat: DateFormatSchema.optional(),
  dateFormats: DateFormatsByColumnSchema.optional(),
});
export const CsvDialectSchema = z.strictObject({
  delimiter: z.enum(CSV_DELIMITERS),
  decimal: z.enum(DECIMAL_MARKS),
  dateFormats: DateFormatsByColumnSchema,
});

/** Long work the API runs in the background; its result arrives in a `job.done` event. */
export const JobKindSchema = z.enum(['train', 'compare', 'replay', 'cycle', 'drift']);
export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export const JobStartedSchema = z.strictObject({ jobId: z.number().int().min(1) });

/** Progress of long work: `step` names the stage, `current` of `total` within it. */
export const ProgressSchema = z.strictObject({
  step: z.string(),
  current: z.number(),
  total: z.number(),
  message: z.string().optional(),
  /** Training: `loss` and `validation_loss` of the epoch just finished, and similar figures. */
  metrics: MetricsSchema.optional(),
});

/** Operations without arguments: `{}` and nothing else. */
export const EmptyInputSchema = z.strictObject({});

/** What went wrong, for callers to branch on (never the message text). */
export const PodiumErrorCodeSchema = z.enum([
  'CONFIG_INVALID',
  'CSV_INVALID',
  'DATA_INVALID',
  'MODEL_CONFIG_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  /** The actor may not do this (e.g. approve a prod promotion without being a configured approver). */
  'FORBIDDEN',
  'USAGE',
  'TRAINING_FAILED',
  'CANCELLED',
  'DB_MIGRATION',
  'PACKAGE_INVALID',
  'ARCHIVE_INVALID',
  /** The core is not there to answer (its process stopped or is restarting); asking again later may work. */
  'UNAVAILABLE',
  /** A write failed for room: the disk (or a quota, or a file-size limit) is full; nothing was kept. */
  'STORAGE_FULL',
  'INTERNAL',
]);

/**
 * Any value JSON can carry (what crosses every bridge), where a shape is open by design: what a
 * custom scheduler job puts in its run summary, an audit entry's details, an error's details.
 */
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/**
 * Error details stay open, as JSON: each refusal names what is useful to its caller (a field, the
 * columns, the problems), and callers branch on `code`, never on details.
 */
export const PodiumErrorDataSchema = z.strictObject({
  code: PodiumErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), JsonValueSchema).optional(),
});
