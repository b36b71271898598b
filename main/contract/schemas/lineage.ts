/** Schemas of a version's or a prediction's lineage chain (../lineage.ts). */
import { z } from 'zod';
import { MetricsSchema } from './common.js';
import { CodeVersionSchema } from './registry.js';

export const TrainingDataLinkSchema = z.strictObject({
  datasetId: z.string(),
  fileName: z.string().nullable(),
  snapshotPath: z.string().nullable(),
  rows: z.number().nullable(),
});

const libraryVersions = z.record(z.string(), z.string());

export const TrainingCodeLinkSchema = z.strictObject({
  runId: z.string(),
  /** run_lineage when the run recorded its lineage; otherwise only what the package manifest holds. */
  source: z.enum(['run_lineage', 'manifest']),
  code: CodeVersionSchema.nullable(),
  configSha256: z.string().nullable(),
  modelConfigSha256: z.string(),
  seeds: z.record(z.string(), z.number()).nullable(),
  /** How the rows were split (type, column, probabilities) and the rows per part when known. */
  split: z
    .strictObject({
      config: z.strictObject({
        type: z.string(),
        column: z.string().optional(),
        probabilities: z.array(z.number()),
      }),
      sizes: z.strictObject({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
    })
    .nullable(),
  libraryVersions,
  backend: z.string(),
});

export const ModelLinkSchema = z.strictObject({
  name: z.string(),
  version: z.number(),
  stage: z.string(),
  modelType: z.string(),
  packagePath: z.string(),
  packageSha256: z.string(),
  metrics: MetricsSchema,
  createdAt: z.string(),
});

const file = z.strictObject({ path: z.string(), sha256: z.string() });

export const PredictionLinkSchema = z.strictObject({
  id: z.string(),
  predictionCode: z.strictObject({
    code: CodeVersionSchema,
    libraryVersions,
    backend: z.string(),
  }),
  input: file,
  output: file,
  rows: z.number(),
  createdAt: z.string(),
});

export const LineageChainSchema = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('version'), ref: z.string() }),
    z.strictObject({ kind: z.literal('prediction'), id: z.string() }),
  ]),
  trainingData: TrainingDataLinkSchema,
  trainingCode: TrainingCodeLinkSchema,
  model: ModelLinkSchema,
  predictions: z.array(PredictionLinkSchema),
});

/** Inputs of the operations served by main/lineage/handlers.ts. */
export const lineageOperationSchemas = {
  /** A prediction's chain (`predictionId`), or a version's with every batch prediction made with it. */
  'lineage.get': {
    input: z.union([
      z.strictObject({ predictionId: z.string().min(1) }),
      z.strictObject({ model: z.string().min(1).optional(), version: z.number().int().min(1).optional() }),
    ]),
    output: LineageChainSchema,
  },
};
