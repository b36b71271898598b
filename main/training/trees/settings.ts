import type { Task, TreeSettings } from '../types.js';

/** Tree settings with every default filled in, for one family and task. */
export type ResolvedTreeSettings = {
  maxIter: number;
  learningRate: number;
  /** Infinity when unlimited. */
  maxLeafNodes: number;
  /** Infinity when unlimited. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** 0: no early stopping. */
  nIterNoChange: number;
  maxBins: number;
  nEstimators: number;
  /** Features tried per split, as a function of the feature count. */
  featuresPerSplit: (features: number) => number;
};

/**
 * gbm follows scikit-learn's HistGradientBoosting defaults (except max_iter 200, with early
 * stopping on Podium's validation split always on). random_forest follows scikit-learn's
 * RandomForest, except min_samples_leaf 5 instead of 1: on histogram trees a leaf of one row
 * costs as much to find as a leaf of a thousand, and 5 barely changes accuracy.
 */
export function resolveTreeSettings(
  family: 'gbm' | 'random_forest',
  task: Task,
  settings: TreeSettings = {},
): ResolvedTreeSettings {
  const forest = family === 'random_forest';
  const maxFeatures = settings.max_features ?? (task === 'number' ? 'all' : 'sqrt');
  return {
    maxIter: settings.max_iter ?? 200,
    learningRate: settings.learning_rate ?? 0.1,
    maxLeafNodes: settings.max_leaf_nodes ?? (forest ? Number.POSITIVE_INFINITY : 31),
    maxDepth: settings.max_depth ?? Number.POSITIVE_INFINITY,
    minSamplesLeaf: settings.min_samples_leaf ?? (forest ? 5 : 20),
    l2Regularization: forest ? 0 : (settings.l2_regularization ?? 0),
    nIterNoChange: settings.n_iter_no_change ?? 10,
    maxBins: settings.max_bins ?? 255,
    nEstimators: settings.n_estimators ?? 100,
    featuresPerSplit: (features) => {
      const count =
        maxFeatures === 'sqrt'
          ? Math.sqrt(features)
          : maxFeatures === 'log2'
            ? Math.log2(features)
            : maxFeatures === 'third'
              ? features / 3
              : maxFeatures === 'all'
                ? features
                : maxFeatures * features;
      return Math.min(features, Math.max(1, Math.floor(count)));
    },
  };
}
