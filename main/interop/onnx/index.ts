export { exportPortable, type PortableExport, type PortableFormat } from './export-version.js';
export { writeMlflowModelDir } from './mlflow-model-dir.js';
export { type OnnxInput, onnxInputs } from './onnx-inputs.js';
export { type OnnxExport, packageToOnnx } from './package-to-onnx.js';
