/** Schemas of batch predictions and reproductions of a version (../predictions.ts). */
import { z } from 'zod';
import { CsvDialectOptionsSchema, MetricsSchema } from './common.js';

const file = z.strictObject({ path: z.string(), sha256: z.string() });

/** One recorded batch prediction (`podium predict`). */
export const BatchPredictionSchema = z.strictObject({
  id: z.string(),
  model: z.string(),
  version: z.number(),
  input: file,
  output: file,
  rows: z.number(),
  backend: z.string(),
  createdAt: z.string(),
  skipped: z.strictObject({ rows: z.number(), examples: z.array(z.string()) }),
});

/** A registered metric the retrained model did not match (actual null: it did not report it). */
export const MetricDifferenceSchema = z.strictObject({
  metric: z.string(),
  expected: z.number(),
  actual: z.number().nullable(),
});

/** A version retrained from its recorded snapshot, config and seed, compared exactly. */
export const ReproductionSchema = z.strictObject({
  model: z.string(),
  version: z.number(),
  dataset: z.strictObject({ id: z.string(), path: z.string() }),
  modelConfigPath: z.string(),
  seed: z.number(),
  /** The registered (held-out test) metrics and the retrained ones. */
  expected: MetricsSchema,
  actual: MetricsSchema,
  matches: z.boolean(),
  differences: z.array(MetricDifferenceSchema),
  backend: z.strictObject({ recorded: z.string(), current: z.string() }),
  libraryDifferences: z.array(
    z.strictObject({ name: z.string(), recorded: z.string().nullable(), current: z.string().nullable() }),
  ),
  /** Why the metrics may differ; empty when they match. */
  reasons: z.array(z.string()),
  seconds: z.number(),
});

/**
 * node:path's `isAbsolute`, which the contract (loaded by the renderer too) cannot import: the
 * same test on the platform the check runs on, a root `/` on POSIX, and on Windows also `\` or a
 * drive letter's root (`C:\`, `C:/`). The handlers have no other check of these paths.
 */
const onWindows = (globalThis as { process?: { platform?: string } }).process?.platform === 'win32';
const isAbsolutePath = (path: string) => (onWindows ? /^([A-Za-z]:)?[\\/]/.test(path) : path.startsWith('/'));

/** Inputs of the operations served by main/lineage/prediction-handlers.ts. */
const model = z.string().min(1);
const version = z.number().int().min(1);
const absolutePath = z.string().min(1).refine(isAbsolutePath, 'expected an absolute path');

export const predictionOperationSchemas = {
  /**
   * Scores a CSV with a version (`version` absent: the model's champion) and records the batch
   * prediction in lineage; paths are absolute.
   */
  'predict.file': {
    input: z.strictObject({
      model: model.optional(),
      version: version.optional(),
      input: absolutePath,
      output: absolutePath,
      dialect: CsvDialectOptionsSchema.optional(),
      outputDialect: CsvDialectOptionsSchema.pick({ delimiter: true, decimal: true }).optional(),
      skipBadRows: z.boolean().optional(),
    }),
    output: BatchPredictionSchema,
  },
  'versions.reproduce': {
    input: z.strictObject({ model: model.optional(), version: version.optional() }),
    output: ReproductionSchema,
  },
  'versions.reproduceScript': {
    input: z.strictObject({ model: model.optional(), version: version.optional(), file: absolutePath }),
    output: z.strictObject({ script: z.string(), model: z.string(), version: z.number() }),
  },
};
