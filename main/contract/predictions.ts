/** Batch predictions and reproductions of a version (work on files on this machine's disk): types of the schemas in ./schemas/predictions.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  BatchPredictionSchema,
  MetricDifferenceSchema,
  predictionOperationSchemas,
  ReproductionSchema,
} from './schemas/predictions.js';

export type BatchPrediction = z.infer<typeof BatchPredictionSchema>;
export type MetricDifference = z.infer<typeof MetricDifferenceSchema>;
export type Reproduction = z.infer<typeof ReproductionSchema>;
export type PredictionOperations = OperationsOf<typeof predictionOperationSchemas>;
