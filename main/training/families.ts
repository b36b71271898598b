import { linearFamily } from './linear/index.js';
import type { ModelFamily, ModelFamilyName } from './types.js';

/**
 * The family behind a model_type. ecd is imported on demand: it loads TensorFlow.js, which a
 * linear model never needs, and a worker that trains a linear model starts faster without it.
 */
export async function familyFor(name: ModelFamilyName): Promise<ModelFamily> {
  if (name === 'linear') return linearFamily;
  const { ecdFamily } = await import('./ecd/index.js');
  return ecdFamily;
}
