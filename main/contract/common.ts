/**
 * Shapes shared by several areas of the contract: types of the schemas in ./schemas/common.ts.
 *
 * Model references: an operation input's `model` names a model as users type it (`churn`), or one
 * of its versions (`churn:3`, `churn:champion|challenger|shadow`), read together with `version`
 * where the operation has one. Left out, it is the default model: `training.model_name` when set,
 * else the workspace's only model (several: a USAGE error listing them). One resolver
 * (main/common/version-ref.ts) reads them for every caller, the CLI and the views alike.
 */
import type { z } from 'zod';
import type {
  EmptyInputSchema,
  JobKindSchema,
  JobStartedSchema,
  JobStatusSchema,
  MetricsSchema,
  ModelFamilySchema,
  ModelTypeChoiceSchema,
  ProgressSchema,
  StageSchema,
  TaskSchema,
} from './schemas/common.js';

export type { PodiumErrorData } from './errors.js';

export type Task = z.infer<typeof TaskSchema>;
export type ModelFamily = z.infer<typeof ModelFamilySchema>;
export type ModelTypeChoice = z.infer<typeof ModelTypeChoiceSchema>;
export type Stage = z.infer<typeof StageSchema>;
export type Metrics = z.infer<typeof MetricsSchema>;
export type JobKind = z.infer<typeof JobKindSchema>;
export type JobStatus = z.infer<typeof JobStatusSchema>;
export type JobStarted = z.infer<typeof JobStartedSchema>;
export type Progress = z.infer<typeof ProgressSchema>;
export type EmptyInput = z.infer<typeof EmptyInputSchema>;

/**
 * Any value JSON can carry: the one type here not inferred from its schema, because the schema
 * (`JsonValueSchema`, recursive) is declared with it.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
