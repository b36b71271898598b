/**
 * Schemas of the shapes several contract areas share (../common.ts, ../errors.ts). The contract
 * is the renderer's leaf layer, so these files import zod and contract files only (types, and
 * the Node-free date formats list), no Node.
 */
import { z } from 'zod';
import { CSV_DELIMITERS, DECIMAL_MARKS } from '../csv-dialect.js';
import { DATE_FORMATS } from '../date-formats.js';
import type { PodiumErrorCode } from '../errors.js';
import type {
  CsvDialect,
  CsvDialectOptions,
  DateFormat,
  EmptyInput,
  JobKind,
  JobStarted,
  JobStatus,
  JsonValue,
  Metrics,
  ModelFamily,
  ModelTypeChoice,
  PodiumErrorData,
  Progress,
  Stage,
  Task,
} from '../index.js';
import type { Assert, Equal } from './type-equal.js';

export const TaskSchema = z.enum(['binary', 'category', 'number']);
export const ModelFamilySchema = z.enum(['linear', 'ecd', 'gbm', 'random_forest']);
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

export const JobKindSchema = z.enum(['train', 'compare', 'replay', 'cycle', 'drift']);
export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export const JobStartedSchema = z.strictObject({ jobId: z.number().int().min(1) });

export const ProgressSchema = z.strictObject({
  step: z.string(),
  current: z.number(),
  total: z.number(),
  message: z.string().optional(),
  metrics: MetricsSchema.optional(),
});

/** Operations without arguments: `{}` and nothing else. */
export const EmptyInputSchema = z.strictObject({});

export const PodiumErrorCodeSchema = z.enum([
  'CONFIG_INVALID',
  'CSV_INVALID',
  'DATA_INVALID',
  'MODEL_CONFIG_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'USAGE',
  'TRAINING_FAILED',
  'CANCELLED',
  'DB_MIGRATION',
  'PACKAGE_INVALID',
  'ARCHIVE_INVALID',
  'UNAVAILABLE',
  'INTERNAL',
]);

/**
 * Error details stay open: each refusal names what is useful to its caller (a field, the columns,
 * the problems), and callers branch on `code`, never on details.
 */
export const PodiumErrorDataSchema = z.strictObject({
  code: PodiumErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Any value JSON can carry: what a custom scheduler job may put in its run summary. */
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

export type CommonTypeChecks = [
  Assert<Equal<z.infer<typeof TaskSchema>, Task>>,
  Assert<Equal<z.infer<typeof ModelFamilySchema>, ModelFamily>>,
  Assert<Equal<z.infer<typeof ModelTypeChoiceSchema>, ModelTypeChoice>>,
  Assert<Equal<z.infer<typeof StageSchema>, Stage>>,
  Assert<Equal<z.infer<typeof MetricsSchema>, Metrics>>,
  Assert<Equal<z.infer<typeof DateFormatSchema>, DateFormat>>,
  Assert<Equal<z.infer<typeof CsvDialectOptionsSchema>, CsvDialectOptions>>,
  Assert<Equal<z.infer<typeof CsvDialectSchema>, CsvDialect>>,
  Assert<Equal<z.infer<typeof JobKindSchema>, JobKind>>,
  Assert<Equal<z.infer<typeof JobStatusSchema>, JobStatus>>,
  Assert<Equal<z.infer<typeof JobStartedSchema>, JobStarted>>,
  Assert<Equal<z.infer<typeof ProgressSchema>, Progress>>,
  Assert<Equal<z.infer<typeof PodiumErrorCodeSchema>, PodiumErrorCode>>,
  Assert<Equal<z.infer<typeof PodiumErrorDataSchema>, PodiumErrorData>>,
  Assert<Equal<z.infer<typeof JsonValueSchema>, JsonValue>>,
  Assert<Equal<z.infer<typeof EmptyInputSchema>, EmptyInput>>,
];
