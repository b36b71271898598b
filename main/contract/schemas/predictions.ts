/** Schemas of batch predictions and reproductions of a version (../predictions.ts). */
import { z } from 'zod';
import type {
  BatchPrediction,
  MetricDifference,
  PredictionOperations,
  Reproduction,
} from '../predictions.js';
import { CsvDialectOptionsSchema, MetricsSchema } from './common.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

const file = z.strictObject({ path: z.string(), sha256: z.string() });

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

export const MetricDifferenceSchema = z.strictObject({
  metric: z.string(),
  expected: z.number(),
  actual: z.number().nullable(),
});

export const ReproductionSchema = z.strictObject({
  model: z.string(),
  version: z.number(),
  dataset: z.strictObject({ id: z.string(), path: z.string() }),
  modelConfigPath: z.string(),
  seed: z.number(),
  expected: MetricsSchema,
  actual: MetricsSchema,
  matches: z.boolean(),
  differences: z.array(MetricDifferenceSchema),
  backend: z.strictObject({ recorded: z.string(), current: z.string() }),
  libraryDifferences: z.array(
    z.strictObject({ name: z.string(), recorded: z.string().nullable(), current: z.string().nullable() }),
  ),
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

export type PredictionTypeChecks = [
  Assert<Equal<z.infer<typeof BatchPredictionSchema>, BatchPrediction>>,
  Assert<Equal<z.infer<typeof MetricDifferenceSchema>, MetricDifference>>,
  Assert<Equal<z.infer<typeof ReproductionSchema>, Reproduction>>,
  NoneOf<OperationMismatches<PredictionOperations, typeof predictionOperationSchemas>>,
];
