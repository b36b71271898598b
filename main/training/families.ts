import { linearFamily } from './linear/index.js';
import { gbmFamily, randomForestFamily } from './trees/index.js';
import type { ModelFamily, ModelFamilyName } from './types.js';

/**
 * The family behind a model_type. ecd is imported on demand: it loads TensorFlow.js, which a
 * linear or tree model never needs, and a worker that trains one starts faster without it.
 */
export async function familyFor(name: ModelFamilyName): Promise<ModelFamily> {
  if (name === 'linear') return linearFamily;
  if (name === 'gbm') return gbmFamily;
  if (name === 'random_forest') return randomForestFamily;
  // Imported models only: ONNX Runtime's native library loads for them and for nothing else.
  if (name === 'onnx') return (await import('./onnx/index.js')).onnxFamily;
  const { ecdFamily } = await import('./ecd/index.js');
  return ecdFamily;
}
