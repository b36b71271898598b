/** Schemas of a version's or a prediction's lineage chain (../lineage.ts). */
import { z } from 'zod';
import type {
  LineageChain,
  LineageOperations,
  ModelLink,
  PredictionLink,
  TrainingCodeLink,
  TrainingDataLink,
} from '../lineage.js';
import { MetricsSchema } from './common.js';
import { CodeVersionSchema } from './registry.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const TrainingDataLinkSchema = z.strictObject({
  dataset_id: z.string(),
  file_name: z.string().nullable(),
  snapshot_path: z.string().nullable(),
  rows: z.number().nullable(),
});

const libraryVersions = z.record(z.string(), z.string());

export const TrainingCodeLinkSchema = z.strictObject({
  run_id: z.string(),
  source: z.enum(['run_lineage', 'manifest']),
  code: CodeVersionSchema.nullable(),
  config_sha256: z.string().nullable(),
  model_config_sha256: z.string(),
  seeds: z.record(z.string(), z.number()).nullable(),
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
  library_versions: libraryVersions,
  backend: z.string(),
});

export const ModelLinkSchema = z.strictObject({
  name: z.string(),
  version: z.number(),
  stage: z.string(),
  model_type: z.string(),
  package_path: z.string(),
  package_sha256: z.string(),
  metrics: MetricsSchema,
  created_at: z.string(),
});

const file = z.strictObject({ path: z.string(), sha256: z.string() });

export const PredictionLinkSchema = z.strictObject({
  id: z.string(),
  prediction_code: z.strictObject({
    code: CodeVersionSchema,
    library_versions: libraryVersions,
    backend: z.string(),
  }),
  input: file,
  output: file,
  rows: z.number(),
  created_at: z.string(),
});

export const LineageChainSchema = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('version'), ref: z.string() }),
    z.strictObject({ kind: z.literal('prediction'), id: z.string() }),
  ]),
  training_data: TrainingDataLinkSchema,
  training_code: TrainingCodeLinkSchema,
  model: ModelLinkSchema,
  predictions: z.array(PredictionLinkSchema),
});

/** Inputs of the operations served by main/lineage/handlers.ts. */
export const lineageOperationSchemas = {
  'lineage.get': {
    input: z.union([
      z.strictObject({ predictionId: z.string().min(1) }),
      z.strictObject({ model: z.string().min(1).optional(), version: z.number().int().min(1).optional() }),
    ]),
    output: LineageChainSchema,
  },
};

export type LineageTypeChecks = [
  Assert<Equal<z.infer<typeof TrainingDataLinkSchema>, TrainingDataLink>>,
  Assert<Equal<z.infer<typeof TrainingCodeLinkSchema>, TrainingCodeLink>>,
  Assert<Equal<z.infer<typeof ModelLinkSchema>, ModelLink>>,
  Assert<Equal<z.infer<typeof PredictionLinkSchema>, PredictionLink>>,
  Assert<Equal<z.infer<typeof LineageChainSchema>, LineageChain>>,
  NoneOf<OperationMismatches<LineageOperations, typeof lineageOperationSchemas>>,
];
