import type { DatasetProfile } from '../data/types.js';
import { generateModelConfig } from '../training/index.js';
import type { ModelConfig, ModelFamilyName, Task } from '../training/types.js';

/** One model of `podium compare`'s table: a family with the settings that make it that model. */
export type ComparedModel = {
  /** Its name in the table, e.g. "linear regression", "elastic net". */
  label: string;
  config: ModelConfig;
};

export type ComparisonSplit = 'time' | 'random';

/** `podium compare`'s proportions: train on 80%, judge on the other 20%, keep no third split. */
const COMPARISON_PROPORTIONS: [number, number, number] = [0.8, 0.2, 0];
const VIF_THRESHOLD = 10;
/** Elastic net's penalties on z-scored features and target: enough to shrink, not to underfit. */
const ELASTIC_NET_PENALTY = 0.001;
/**
 * ecd trains for a fixed budget here (see below): about 1,200 optimiser steps, which reach the
 * plateau on Walmart's 5,148 training rows in 30 epochs; a small table gets more epochs so it
 * is not judged half-trained, a large one at least a few passes.
 */
const ECD_STEPS = 1200;
const ECD_EPOCHS = { min: 5, max: 400 };
const GBM_ITERATIONS = 200;

/**
 * The five models `podium compare` trains on one split, as the seed's table lists them.
 *
 * Each is judged on the 20% validation rows, and none of them may look at those rows while it
 * fits: early stopping is turned off (gbm runs a fixed number of boosting iterations and ecd a
 * fixed number of epochs), so the validation R² is as honest as a test R². The linear models
 * see the VIF-selected features, because collinearity is what inflates their coefficients;
 * trees and the network keep every feature (splits and embeddings are not hurt by it).
 */
export function comparisonModels(
  profile: DatasetProfile,
  target: string,
  options: {
    split: ComparisonSplit;
    seed: number;
    dateColumn?: string;
    requestTimeDates?: readonly string[];
  },
): ComparedModel[] {
  const base = (modelType: ModelFamilyName): ModelConfig => {
    const config = generateModelConfig(profile, target, {
      modelType,
      seed: options.seed,
      splitType: options.split === 'time' ? 'datetime' : 'random',
      dateColumn: options.dateColumn,
      requestTimeDates: options.requestTimeDates,
    });
    config.preprocessing.split = { ...config.preprocessing.split, probabilities: COMPARISON_PROPORTIONS };
    return config;
  };
  const withVif = (config: ModelConfig): ModelConfig => {
    config.preprocessing.feature_selection = { method: 'vif', threshold: VIF_THRESHOLD };
    return config;
  };
  const linear = withVif(base('linear'));
  const task = linear.output_features[0].type;
  const elasticNet = withVif(base('linear'));
  elasticNet.trainer = { ...elasticNet.trainer, l1: ELASTIC_NET_PENALTY, l2: ELASTIC_NET_PENALTY };
  const forest = base('random_forest');
  const gbm = base('gbm');
  gbm.trees = { ...gbm.trees, max_iter: GBM_ITERATIONS, n_iter_no_change: 0 };
  const ecd = base('ecd');
  const batchesPerEpoch = Math.max(
    1,
    Math.ceil((profile.rows * COMPARISON_PROPORTIONS[0]) / ecd.trainer.batch_size),
  );
  const epochs = Math.min(ECD_EPOCHS.max, Math.max(ECD_EPOCHS.min, Math.ceil(ECD_STEPS / batchesPerEpoch)));
  ecd.trainer = { ...ecd.trainer, epochs, early_stop: -1 };
  return [
    { label: linearLabel(task), config: linear },
    { label: 'elastic net', config: elasticNet },
    { label: 'random forest', config: forest },
    { label: 'gbm', config: gbm },
    { label: 'ecd', config: ecd },
  ];
}

function linearLabel(task: Task): string {
  return task === 'number' ? 'linear regression' : 'logistic regression';
}
