import type { Optimizer, Scalar, Tensor } from '@tensorflow/tfjs';
import type { Random } from '../../common/random.js';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { EpochReport } from '../types.js';
import type { EcdNetwork } from './network.js';
import type { TaskHead } from './task-head.js';

/** A split already on the backend: the network's inputs and the head's labels for every row. */
export type SplitTensors = { inputs: Tensor[]; labels: Tensor; rows: number };

export type TrainLoopOptions = {
  epochs: number;
  batchSize: number;
  /** Epochs without validation improvement before stopping; negative turns it off. */
  patience: number;
  optimizer: Optimizer;
  /** Drives the batch order and the dropout masks. */
  random: Random;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
};

export type TrainLoopResult = { epochsRun: number; bestEpoch: number; bestValidationLoss: number };

/*
 * For patience, a validation loss must beat the reference by this fraction to count as an
 * improvement. Without it, Adam keeps shaving off noise-sized gains for dozens of epochs and early
 * stopping never fires.
 */
const MIN_RELATIVE_IMPROVEMENT = 1e-3;
const EVALUATION_CHUNK = 4096;
/** How long the loop may hold the thread before it lets an abort message or progress event through. */
const YIELD_EVERY_MS = 20;

/**
 * Mini-batch training with our own loop rather than `model.fit`, so the batch order comes from
 * the seeded RNG (fit shuffles with Math.random), cancellation is checked between batches, and
 * the best epoch's weights are kept for early stopping.
 */
export async function trainLoop(
  tf: Tf,
  network: EcdNetwork,
  head: TaskHead,
  train: SplitTensors,
  validation: SplitTensors | null,
  options: TrainLoopOptions,
): Promise<TrainLoopResult> {
  const { epochs, batchSize, optimizer, random, signal } = options;
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const dropoutSeed = (): number => random.int(2 ** 31);
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: Tensor[] | null = null;
  let reference = Number.POSITIVE_INFINITY;
  let stale = 0;
  let epochsRun = 0;
  let lastYield = Date.now();

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      random.shuffle(order);
      let lossSum = 0;
      for (let start = 0; start < train.rows; start += batchSize) {
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        if (signal?.aborted) throw cancelled();
        const end = Math.min(train.rows, start + batchSize);
        lossSum += trainBatch(tf, network, head, train, order.slice(start, end), optimizer, dropoutSeed);
      }
      epochsRun = epoch;
      const loss = lossSum / train.rows;
      if (!Number.isFinite(loss)) {
        throw new PodiumError(
          'TRAINING_FAILED',
          `The training loss diverged at epoch ${epoch}; try a lower trainer.learning_rate`,
          { epoch },
        );
      }
      const validationLoss = validation === null ? Number.NaN : evaluate(tf, network, head, validation);
      options.onEpoch?.({ epoch, totalEpochs: epochs, loss, validationLoss });

      if (validation === null) continue;
      if (validationLoss < best) {
        best = validationLoss;
        bestEpoch = epoch;
        disposeAll(bestWeights);
        bestWeights = network.model.getWeights().map((weight) => weight.clone());
      }
      // Patience counts epochs without a real improvement; the weights kept are still the best seen.
      if (
        reference === Number.POSITIVE_INFINITY ||
        validationLoss < reference - MIN_RELATIVE_IMPROVEMENT * Math.abs(reference)
      ) {
        reference = validationLoss;
        stale = 0;
      } else {
        stale++;
        if (options.patience >= 0 && stale >= options.patience) break;
      }
    }
    if (bestWeights !== null) network.model.setWeights(bestWeights);
    return { epochsRun, bestEpoch, bestValidationLoss: best };
  } finally {
    disposeAll(bestWeights);
  }
}

/** One optimizer step; returns the batch's summed data loss (without the penalty) for reporting. */
function trainBatch(
  tf: Tf,
  network: EcdNetwork,
  head: TaskHead,
  train: SplitTensors,
  rows: Int32Array,
  optimizer: Optimizer,
  dropoutSeed: () => number,
): number {
  let dataLoss: Scalar | undefined;
  tf.tidy(() => {
    const index = tf.tensor1d(rows, 'int32');
    const inputs = train.inputs.map((input) => tf.gather(input, index));
    const labels = tf.gather(train.labels, index);
    optimizer.minimize(
      () => {
        const loss = head.loss(tf, labels, network.logits(inputs, dropoutSeed));
        // A clone: minimize disposes the value it is handed, and without a penalty that is `loss`.
        dataLoss = tf.keep(tf.clone(loss));
        const penalty = network.penalty();
        return penalty === null ? loss : tf.add(loss, penalty);
      },
      false,
      network.variables,
    );
  });
  if (dataLoss === undefined) return Number.NaN;
  const value = dataLoss.dataSync()[0] * rows.length;
  dataLoss.dispose();
  return value;
}

/** Mean data loss over a split, without dropout, in chunks to bound memory. */
export function evaluate(tf: Tf, network: EcdNetwork, head: TaskHead, split: SplitTensors): number {
  let sum = 0;
  for (let start = 0; start < split.rows; start += EVALUATION_CHUNK) {
    const size = Math.min(EVALUATION_CHUNK, split.rows - start);
    sum += tf.tidy(() => {
      const slice = (tensor: Tensor): Tensor => tf.slice(tensor, start, size);
      const loss = head.loss(tf, slice(split.labels), network.logits(split.inputs.map(slice)));
      return loss.dataSync()[0] * size;
    });
  }
  return sum / split.rows;
}

function cancelled(): PodiumError {
  return new PodiumError('CANCELLED', 'Training was cancelled');
}

function disposeAll(tensors: Tensor[] | null): void {
  for (const tensor of tensors ?? []) tensor.dispose();
}
