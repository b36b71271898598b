import { join } from 'node:path';
import { createRandom } from '../common/random.js';
import { isPodiumError, PodiumError, type PodiumErrorData } from '../contract/errors.js';
import { applyParams, type TrialParams, trialParams } from './hyperopt-space.js';
import { validateModelConfig } from './model-config.js';
import { type TrainOptions, trainModel } from './trainer.js';
import type {
  HyperoptConfig,
  ModelConfig,
  TrainingProgress,
  TrainingRequest,
  TrainingResult,
} from './types.js';

export type HyperoptTrial = {
  index: number;
  params: TrialParams;
  /** The trial's full config (hyperopt section removed): what to record on its child run. */
  config: ModelConfig;
  packageDir: string;
  result?: TrainingResult;
  /** The validation value of hyperopt.metric, when the trial finished and has it. */
  score?: number;
  error?: PodiumErrorData;
};

export type HyperoptOptions = Omit<TrainOptions, 'onProgress'> & {
  onProgress?: (progress: TrainingProgress, trial: { index: number; total: number }) => void;
  /** Called when each trial ends, successfully or not, before the next starts. */
  onTrial?: (trial: HyperoptTrial) => void | Promise<void>;
  /** Where trial `index` writes its package; by default `<packageDir>/trial-<index>`. */
  packageDirFor?: (trial: { index: number; params: TrialParams }) => string | Promise<string>;
};

export type HyperoptResult = {
  metric: string;
  goal: HyperoptConfig['goal'];
  trials: HyperoptTrial[];
  best: HyperoptTrial & { result: TrainingResult; score: number };
};

/**
 * Hyperparameter search: num_samples trials from `config.hyperopt`, each a full training in
 * its own worker and package folder, one after another; the best is chosen by the validation
 * value of `hyperopt.metric` and `goal`. Trials are seeded by config.seed, so a search repeats
 * exactly. A trial that fails is recorded with its error and the search goes on; cancelling
 * stops the search. Ties keep the earlier trial.
 */
export async function runHyperopt(
  request: TrainingRequest,
  options: HyperoptOptions = {},
): Promise<HyperoptResult> {
  const config = validateModelConfig(request.config, '(hyperopt request)');
  const hyperopt = config.hyperopt;
  if (!hyperopt) {
    throw new PodiumError('MODEL_CONFIG_INVALID', 'The model config has no hyperopt section to search with', {
      key: 'hyperopt',
    });
  }
  const sets = trialParams(hyperopt, createRandom(config.seed));
  const trialConfigs = sets.map((params) => {
    try {
      return validateModelConfig(applyParams(config, params), '(hyperopt trial)');
    } catch (error) {
      if (isPodiumError(error)) {
        throw new PodiumError(
          'MODEL_CONFIG_INVALID',
          `hyperopt.parameters give an invalid config (${JSON.stringify(params)}): ${error.message}`,
          { key: 'hyperopt.parameters', params, cause: error.toData() },
        );
      }
      throw error;
    }
  });

  const trials: HyperoptTrial[] = [];
  for (let index = 0; index < sets.length; index++) {
    const params = sets[index];
    const packageDir = options.packageDirFor
      ? await options.packageDirFor({ index, params })
      : join(request.packageDir, `trial-${String(index).padStart(3, '0')}`);
    const trial: HyperoptTrial = { index, params, config: trialConfigs[index], packageDir };
    try {
      trial.result = await trainModel(
        { ...request, config: trialConfigs[index], packageDir },
        {
          signal: options.signal,
          onProgress: (progress) => options.onProgress?.(progress, { index, total: sets.length }),
        },
      );
      const value = trial.result.metrics.validation[hyperopt.metric];
      if (value !== undefined && Number.isFinite(value)) trial.score = value;
    } catch (error) {
      if (isPodiumError(error) && error.code === 'CANCELLED') throw error;
      trial.error = isPodiumError(error)
        ? error.toData()
        : { code: 'TRAINING_FAILED', message: error instanceof Error ? error.message : String(error) };
    }
    trials.push(trial);
    await options.onTrial?.(trial);
  }

  let best: HyperoptResult['best'] | undefined;
  for (const trial of trials) {
    if (trial.result === undefined || trial.score === undefined) continue;
    const better =
      best === undefined ||
      (hyperopt.goal === 'minimize' ? trial.score < best.score : trial.score > best.score);
    if (better) best = { ...trial, result: trial.result, score: trial.score };
  }
  if (!best) {
    throw new PodiumError('TRAINING_FAILED', `No hyperopt trial produced a validation ${hyperopt.metric}`, {
      metric: hyperopt.metric,
      errors: trials.map((trial) => trial.error).filter(Boolean),
    });
  }
  return { metric: hyperopt.metric, goal: hyperopt.goal, trials, best };
}
