import type { ModelFamily } from '../types.js';
import { fitGbm } from './gbm.js';
import { loadTreeModel } from './model.js';
import { fitRandomForest } from './random-forest.js';

export const gbmFamily: ModelFamily = {
  name: 'gbm',
  fit: (train, validation, config, context) => fitGbm(train, validation, config, context),
  load: (dir, target) => loadTreeModel(dir, 'gbm', target),
};

export const randomForestFamily: ModelFamily = {
  name: 'random_forest',
  fit: (train, validation, config, context) => fitRandomForest(train, validation, config, context),
  load: (dir, target) => loadTreeModel(dir, 'random_forest', target),
};
