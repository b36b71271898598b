/** Reading MLflow model directories that hold an ONNX model, and importing them as challengers. */
export {
  importMlflowModel,
  type MlflowImportOptions,
  type MlflowImportReport,
  type MlflowImportStores,
} from './import-mlflow.js';
export { isMlflowModelDir, MLMODEL_FILE, type MlflowModel, readMlflowModel } from './mlmodel.js';
