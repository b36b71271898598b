export { columnChoices } from './column-choices.js';
export type { ConfigProblem } from './config-issues.js';
// The saved network's weights and its graph, without TensorFlow.js: what the ONNX export needs.
export { type EcdWeights, readEcdWeights } from './ecd/ecd-weights.js';
export { addEcdNetwork, type EcdNetworkInputs } from './ecd/onnx-network.js';
export { preloadOnnxRuntime } from './ecd/onnx-scorer.js';
export { scoreEncoded } from './evaluate.js';
export { familyFor } from './families.js';
export { type GenerateModelConfigOptions, generateModelConfig } from './generate-model-config.js';
export { type HyperoptOptions, type HyperoptResult, type HyperoptTrial, runHyperopt } from './hyperopt.js';
export type { TrialParams } from './hyperopt-space.js';
export {
  fitLinear,
  isLinearModel,
  type LinearCoefficients,
  type LinearModel,
  linearFamily,
} from './linear/index.js';
export { computeMetrics, METRIC_DIRECTION, metricNamesFor, rocAuc } from './metrics.js';
export {
  modelConfigSchema,
  parseModelConfig,
  stringifyModelConfig,
  validateModelConfig,
} from './model-config.js';
export { type ModelFamilyFile, readModelFamily, readPackageJson } from './model-family-file.js';
export {
  FAMILY_FILE,
  type FamilyFile,
  MODEL_DIR,
  PREPROCESSING_FILE,
  SIGNATURE_FILE,
} from './package-dir.js';
export { loadPredictor, type Predictor } from './predictor.js';
export { heldOutMetrics, heldOutRows, type SplitRows, splitRows } from './split.js';
export { type TrainOptions, trainInProcess, trainModel, trainTable } from './trainer.js';
export type { TrainingHooks } from './training-run.js';
export { loadTreeModelData, type TreeModelData } from './trees/index.js';
export type * from './types.js';
