import type { Optimizer } from '@tensorflow/tfjs';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { ModelConfig } from '../types.js';

/** The optimizer named by `trainer.optimizer`; the caller disposes it (it owns slot variables). */
export function createOptimizer(tf: Tf, trainer: ModelConfig['trainer']): Optimizer {
  const rate = trainer.learning_rate;
  if (!(rate > 0 && Number.isFinite(rate))) {
    throw new PodiumError('TRAINING_FAILED', `trainer.learning_rate must be a positive number, got ${rate}`);
  }
  switch (trainer.optimizer) {
    case 'adam':
      return tf.train.adam(rate);
    case 'sgd':
      return tf.train.sgd(rate);
    case 'rmsprop':
      return tf.train.rmsprop(rate);
    default:
      throw new PodiumError('TRAINING_FAILED', `Unknown trainer.optimizer "${String(trainer.optimizer)}"`);
  }
}
