/** Training, runs and model comparison: types of the schemas in ./schemas/training.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  CandidateResultSchema,
  ColumnChoiceSchema,
  MetricHistorySchema,
  MetricPointSchema,
  RunComparisonSchema,
  RunDetailSchema,
  RunSchema,
  RunStatusSchema,
  TrainingResultSchema,
  trainingOperationSchemas,
  VifSelectionSchema,
} from './schemas/training.js';

export type RunStatus = z.infer<typeof RunStatusSchema>;
export type Run = z.infer<typeof RunSchema>;
export type MetricPoint = z.infer<typeof MetricPointSchema>;
export type MetricHistory = z.infer<typeof MetricHistorySchema>;
export type RunDetail = z.infer<typeof RunDetailSchema>;
export type RunComparison = z.infer<typeof RunComparisonSchema>;
export type VifSelection = z.infer<typeof VifSelectionSchema>;
export type CandidateResult = z.infer<typeof CandidateResultSchema>;
export type ColumnChoice = z.infer<typeof ColumnChoiceSchema>;
export type TrainingResult = z.infer<typeof TrainingResultSchema>;
export type TrainingOperations = OperationsOf<typeof trainingOperationSchemas>;
