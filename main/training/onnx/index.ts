import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { PodiumError } from '../../contract/errors.js';
import type { ModelFamily } from '../types.js';
import { ONNX_MODEL_FILE, readOnnxLayout } from './onnx-layout.js';
import { OnnxModel } from './onnx-model.js';
import { ONNX_SESSION_OPTIONS } from './session-options.js';

export {
  ONNX_INPUT_TYPES,
  ONNX_LAYOUT_FILE,
  ONNX_MODEL_FILE,
  type OnnxInputType,
  type OnnxLayout,
} from './onnx-layout.js';
export { OnnxModel } from './onnx-model.js';
export { ONNX_SESSION_OPTIONS } from './session-options.js';

/** Models imported from other tools (podium import of an MLflow model): loaded, never trained here. */
export const onnxFamily: ModelFamily = {
  name: 'onnx',
  async fit() {
    throw new PodiumError('USAGE', 'onnx models are imported (podium import DIR), not trained by Podium');
  },
  async load(dir, target) {
    const layout = await readOnnxLayout(dir);
    const file = join(dir, ONNX_MODEL_FILE);
    const bytes = await readFile(file).catch((error: Error) => {
      throw new PodiumError('PACKAGE_INVALID', `${file}: cannot read the ONNX model (${error.message})`, {
        file,
      });
    });
    const session = await InferenceSession.create(bytes, ONNX_SESSION_OPTIONS).catch((error: Error) => {
      throw new PodiumError('PACKAGE_INVALID', `${file}: ONNX Runtime cannot load it (${error.message})`, {
        file,
      });
    });
    return new OnnxModel(session, layout, target);
  },
};
