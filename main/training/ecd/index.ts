import type { Optimizer } from '@tensorflow/tfjs';
import { createRandom } from '../../common/random.js';
import { isPodiumError, PodiumError } from '../../contract/errors.js';
import { getTf, selectBackend, type Tf } from '../backend.js';
import type { EncodedMatrix, EncodedTarget, ModelFamily } from '../types.js';
import { createFittedModel } from './fitted-model.js';
import { assertMatches, type EcdSignature, inputTensors } from './inputs.js';
import { loadEcdScorer } from './load-scorer.js';
import { buildNetwork, type EcdNetwork } from './network.js';
import { networkSpecFor } from './network-spec.js';
import { createOptimizer } from './optimizer.js';
import { assertTargetValid, classCountOf, type TaskHead, taskHead } from './task-head.js';
import { type SplitTensors, trainLoop } from './train-loop.js';

export { loadEcdScorer } from './load-scorer.js';
export { defaultEmbeddingSize } from './network-spec.js';
export { ECD_SCORER_ENV, type EcdScorer } from './scorer-choice.js';

/**
 * ECD (encoder–combiner–decoder, Ludwig's architecture): numeric columns and one embedding per
 * categorical column, concatenated, then fully connected ReLU layers and one head per task,
 * trained with TensorFlow.js on the backend `selectBackend` picked. A loaded network is scored
 * with ONNX Runtime by default (load-scorer.ts).
 */
export const ecdFamily: ModelFamily = {
  name: 'ecd',

  async fit(train, validation, config, context) {
    const tf = await getTf();
    const backend = await selectBackend();
    if (context.signal?.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');

    const { epochs, batch_size: batchSize, early_stop: patience } = config.trainer;
    checkTrainer(epochs, batchSize);
    const task = train.y.task;
    const head = taskHead(task, classCountOf(train.y));
    const spec = networkSpecFor(train.x, config);
    checkSplit(train, spec.signature, head, 'the training split');
    if (train.x.rows === 0) throw new PodiumError('TRAINING_FAILED', 'The training split has no rows');
    const hasValidation = validation.x.rows > 0;
    if (hasValidation) checkSplit(validation, spec.signature, head, 'the validation split');

    // Independent streams, so changing e.g. the batch count never changes the initial weights.
    const random = createRandom(context.seed);
    const initRandom = random.fork();
    const loopRandom = random.fork();

    let network: EcdNetwork | undefined;
    let optimizer: Optimizer | undefined;
    const splits: SplitTensors[] = [];
    try {
      network = buildNetwork(tf, spec, head, head.initialBias(train.y), initRandom);
      optimizer = createOptimizer(tf, config.trainer);
      const trainTensors = uploadSplit(tf, train, spec.signature, head);
      splits.push(trainTensors);
      const validationTensors = hasValidation ? uploadSplit(tf, validation, spec.signature, head) : null;
      if (validationTensors !== null) splits.push(validationTensors);

      await trainLoop(tf, network, head, trainTensors, validationTensors, {
        epochs,
        batchSize,
        patience,
        optimizer,
        random: loopRandom,
        signal: context.signal,
        onEpoch: context.onEpoch,
      });
      return createFittedModel(
        tf,
        network.model,
        {
          family: 'ecd',
          formatVersion: 1,
          task,
          ...(train.y.classes === undefined ? {} : { classes: [...train.y.classes] }),
          signature: spec.signature,
          backend,
        },
        backend,
      );
    } catch (error) {
      network?.model.dispose();
      if (isPodiumError(error)) throw error;
      const failed = new PodiumError('TRAINING_FAILED', `ECD training failed: ${(error as Error).message}`);
      // Kept for the log; toData() leaves it out, so no stack crosses a boundary.
      failed.cause = error;
      throw failed;
    } finally {
      for (const split of splits) {
        for (const input of split.inputs) input.dispose();
        split.labels.dispose();
      }
      optimizer?.dispose();
    }
  },

  load(dir, target) {
    return loadEcdScorer(dir, target);
  },
};

function checkTrainer(epochs: number, batchSize: number): void {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new PodiumError('TRAINING_FAILED', `trainer.epochs must be a positive integer, got ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new PodiumError(
      'TRAINING_FAILED',
      `trainer.batch_size must be a positive integer, got ${batchSize}`,
    );
  }
}

function checkSplit(
  split: { x: EncodedMatrix; y: EncodedTarget },
  signature: EcdSignature,
  head: TaskHead,
  name: string,
): void {
  assertMatches(split.x, signature, `ECD fit (${name})`);
  if (split.y.task !== head.task) {
    throw new PodiumError('TRAINING_FAILED', `${name} has a ${split.y.task} target, expected ${head.task}`);
  }
  assertTargetValid(split.y, split.x.rows, head.units);
}

function uploadSplit(
  tf: Tf,
  split: { x: EncodedMatrix; y: EncodedTarget },
  signature: EcdSignature,
  head: TaskHead,
): SplitTensors {
  const labels = head.labels(tf, split.y);
  return { inputs: inputTensors(tf, split.x, signature, 0, split.x.rows), labels, rows: split.x.rows };
}
