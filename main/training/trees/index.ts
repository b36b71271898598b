export { gbmFamily, randomForestFamily } from './family.js';
export { fitGbm } from './gbm.js';
export {
  createTreeModel,
  loadTreeModel,
  loadTreeModelData,
  type TreeFamilyName,
  type TreeModel,
  type TreeModelData,
} from './model.js';
export { fitRandomForest } from './random-forest.js';
export { type ResolvedTreeSettings, resolveTreeSettings } from './settings.js';
