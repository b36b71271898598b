/** The lineage room's public face: code versions, run lineage, batch predictions, reproduction. */
export { type CodeVersion, codeVersion } from './code-version.js';
export {
  type LineageChain,
  type LineageStores,
  lineageForPrediction,
  lineageForVersion,
  type ModelLink,
  type PredictionLink,
  type TrainingCodeLink,
  type TrainingDataLink,
} from './lineage-chain.js';
export {
  MODEL_VERSION_COLUMN,
  PREDICTION_COLUMN,
  PROBABILITY_PREFIX,
  type PredictFileOptions,
  predictFile,
} from './predict-file.js';
export { getPrediction, type PredictionRecord, predictionsForVersion } from './prediction-store.js';
export { type MetricDifference, type ReproduceReport, reproduce } from './reproduce.js';
export { reproduceScript, writeReproduceScript } from './reproduce-script.js';
export {
  configHash,
  type RunLineage,
  type RunLineageInput,
  recordRunLineage,
  type SplitLineage,
} from './run-lineage.js';
export { RunLineageStore } from './run-lineage-store.js';
