/** training data → training code → model → prediction code → predictions (`podium lineage --json` prints it in snake_case: contract/documented-json.ts); types of the schemas in ./schemas/lineage.ts. */
import type { z } from 'zod';
import type {
  LineageChainSchema,
  lineageOperationSchemas,
  ModelLinkSchema,
  PredictionLinkSchema,
  TrainingCodeLinkSchema,
  TrainingDataLinkSchema,
} from './schemas/lineage.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type TrainingDataLink = z.infer<typeof TrainingDataLinkSchema>;
export type TrainingCodeLink = z.infer<typeof TrainingCodeLinkSchema>;
export type ModelLink = z.infer<typeof ModelLinkSchema>;
export type PredictionLink = z.infer<typeof PredictionLinkSchema>;
export type LineageChain = z.infer<typeof LineageChainSchema>;
export type LineageOperations = OperationsOf<typeof lineageOperationSchemas>;
