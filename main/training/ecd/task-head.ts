import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { EncodedTarget, Task } from '../types.js';

/**
 * What the network's output means for one task. The network itself ends in logits so the losses
 * can use the numerically stable "with logits" forms; `activation` turns logits into the
 * contract's output (P(class 1), class probabilities, or the z-scored value).
 */
export type TaskHead = {
  task: Task;
  units: number;
  activation: 'sigmoid' | 'softmax' | 'linear';
  /** Training labels in the shape `loss` expects, for all rows; the caller disposes it. */
  labels(tf: Tf, y: EncodedTarget): Tensor;
  /** Mean loss over the rows of a batch. */
  loss(tf: Tf, labels: Tensor, logits: Tensor): Scalar;
  /** Output biases that make the untrained network predict the base rates, so early epochs are not spent learning them. */
  initialBias(y: EncodedTarget): Float32Array;
};

export function taskHead(task: Task, classCount: number): TaskHead {
  switch (task) {
    case 'binary':
      return {
        task,
        units: 1,
        activation: 'sigmoid',
        labels: (tf, y) => tf.tensor2d(y.values, [y.values.length, 1], 'float32'),
        loss: (tf, labels, logits) => tf.losses.sigmoidCrossEntropy(labels, logits) as Scalar,
        initialBias: (y) => {
          const rate = clampRate(mean(y.values));
          return Float32Array.of(Math.log(rate / (1 - rate)));
        },
      };
    case 'category':
      if (classCount < 2) {
        throw new PodiumError(
          'TRAINING_FAILED',
          `A category target needs at least 2 classes, got ${classCount}`,
        );
      }
      return {
        task,
        units: classCount,
        activation: 'softmax',
        labels: (tf, y) =>
          tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y.values), 'int32'), classCount).toFloat()),
        loss: (tf, labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as Scalar,
        initialBias: (y) => {
          const counts = new Float64Array(classCount);
          for (const value of y.values) counts[value] += 1;
          return Float32Array.from(counts, (count) => Math.log(clampRate(count / y.values.length)));
        },
      };
    case 'number':
      return {
        task,
        units: 1,
        activation: 'linear',
        labels: (tf, y) => tf.tensor2d(y.values, [y.values.length, 1], 'float32'),
        loss: (tf, labels, logits) => tf.losses.meanSquaredError(labels, logits) as Scalar,
        initialBias: (y) => Float32Array.of(mean(y.values)),
      };
  }
}

/** The number of classes a target has: its labels, else the largest index seen + 1. */
export function classCountOf(y: EncodedTarget): number {
  if (y.task === 'binary') return 2;
  if (y.task === 'number') return 1;
  if (y.classes !== undefined) return y.classes.length;
  let largest = 0;
  for (const value of y.values) largest = Math.max(largest, value);
  return largest + 1;
}

export function assertTargetValid(y: EncodedTarget, rows: number, classCount: number): void {
  if (y.values.length !== rows) {
    throw new PodiumError('TRAINING_FAILED', `The target has ${y.values.length} values for ${rows} rows`);
  }
  for (const value of y.values) {
    const ok =
      y.task === 'number'
        ? Number.isFinite(value)
        : Number.isInteger(value) && value >= 0 && value < (y.task === 'binary' ? 2 : classCount);
    if (!ok) {
      throw new PodiumError('TRAINING_FAILED', `The ${y.task} target holds an invalid value: ${value}`, {
        value,
      });
    }
  }
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Keeps log(rate) finite when a class is absent from the training split. */
function clampRate(rate: number): number {
  return Math.min(1 - 1e-4, Math.max(1e-4, rate));
}
