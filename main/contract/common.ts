/**
 * Shapes shared by several domains of the UI contract. Plain serialisable data only: ISO strings
 * for times, numbers for database ids, no class instances. Imports are type-only so the renderer
 * can use these files without pulling in Node code.
 *
 * Model references: an operation input's `model` names a model as users type it (`churn`), or one
 * of its versions (`churn:3`, `churn:champion|challenger|shadow`), read together with `version`
 * where the operation has one. Left out, it is the default model: `training.model_name` when set,
 * else the workspace's only model (several: a USAGE error listing them). One resolver
 * (main/common/version-ref.ts) reads them for every caller, the CLI and the views alike.
 */
import type { PodiumErrorData } from './errors.js';

export type { PodiumErrorData };

export type Task = 'binary' | 'category' | 'number';
export type ModelFamily = 'linear' | 'ecd' | 'gbm' | 'random_forest';
/** What a user may ask to train: a family, or `auto` (the best family by validation metric). */
export type ModelTypeChoice = 'auto' | ModelFamily;
export type Stage = 'none' | 'challenger' | 'champion' | 'shadow' | 'archived';
export type Metrics = Record<string, number>;

/** Long work the API runs in the background; its result arrives in a `job.done` event. */
export type JobKind = 'train' | 'compare' | 'replay' | 'cycle' | 'drift';
export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export type JobStarted = { jobId: number };

/** Progress of long work: `step` names the stage, `current` of `total` within it. */
export type Progress = {
  step: string;
  current: number;
  total: number;
  message?: string;
  /** Training: `loss` and `validation_loss` of the epoch just finished, and similar figures. */
  metrics?: Metrics;
};

export type EmptyInput = Record<string, never>;

/** Any value JSON can carry (what crosses every bridge); used where a shape is open by design. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
