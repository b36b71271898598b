/** The model registry (versions, transitions, packages, lineage, champions): types of the schemas in ./schemas/registry.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  ChampionPeriodSchema,
  ChampionTimelineSchema,
  CodeVersionSchema,
  ModelSummarySchema,
  ModelVersionSchema,
  PackageDetailsSchema,
  RollbackResultSchema,
  registryOperationSchemas,
  TransitionSchema,
  VersionDetailSchema,
  VersionLineageSchema,
} from './schemas/registry.js';

export type ModelSummary = z.infer<typeof ModelSummarySchema>;
export type ModelVersion = z.infer<typeof ModelVersionSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type CodeVersion = z.infer<typeof CodeVersionSchema>;
export type VersionLineage = z.infer<typeof VersionLineageSchema>;
export type PackageDetails = z.infer<typeof PackageDetailsSchema>;
export type VersionDetail = z.infer<typeof VersionDetailSchema>;
export type ChampionPeriod = z.infer<typeof ChampionPeriodSchema>;
export type ChampionTimeline = z.infer<typeof ChampionTimelineSchema>;
export type RollbackResult = z.infer<typeof RollbackResultSchema>;
export type RegistryOperations = OperationsOf<typeof registryOperationSchemas>;
