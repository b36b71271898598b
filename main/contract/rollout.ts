/** Guarded rollout: types of the schemas in ./schemas/rollout.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  BakingPeriodSchema,
  BakingStatusSchema,
  GuardNameSchema,
  GuardResultSchema,
  GuardVerdictSchema,
  RolloutStatusSchema,
  rolloutOperationSchemas,
} from './schemas/rollout.js';

export type GuardName = z.infer<typeof GuardNameSchema>;
export type GuardVerdict = z.infer<typeof GuardVerdictSchema>;
export type GuardResult = z.infer<typeof GuardResultSchema>;
export type BakingStatus = z.infer<typeof BakingStatusSchema>;
export type BakingPeriod = z.infer<typeof BakingPeriodSchema>;
export type RolloutStatus = z.infer<typeof RolloutStatusSchema>;
export type RolloutOperations = OperationsOf<typeof rolloutOperationSchemas>;
