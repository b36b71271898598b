import { PodiumError } from '../../contract/errors.js';
import type { EncodedMatrix, EncodedTarget, FitContext, ModelConfig } from '../types.js';
import { binMatrix, fitBinning } from './binning.js';
import { type ResolvedTreeSettings, resolveTreeSettings } from './settings.js';

/** Output columns of a target: one, or one per class. */
export function outputsOf(y: EncodedTarget): number {
  if (y.task !== 'category') return 1;
  const classes = y.classes?.length ?? 0;
  if (classes < 2)
    throw new PodiumError('TRAINING_FAILED', 'A category target needs its classes', { task: y.task });
  return classes;
}

export function throwIfCancelled(context: FitContext): void {
  if (context.signal?.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
}

/** Lets a cancel request and progress events through between trees (fitting is otherwise synchronous). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What both tree families set up before growing: settings, outputs and the pre-binned rows. */
export function prepareTreeFit(
  family: 'gbm' | 'random_forest',
  train: { x: EncodedMatrix; y: EncodedTarget },
  validation: { x: EncodedMatrix; y: EncodedTarget },
  config: ModelConfig,
  context: FitContext,
) {
  throwIfCancelled(context);
  const task = train.y.task;
  const settings: ResolvedTreeSettings = resolveTreeSettings(family, task, config.trees);
  const binning = fitBinning(train.x, settings.maxBins);
  return {
    task,
    settings,
    outputs: outputsOf(train.y),
    n: train.x.rows,
    binning,
    trainBins: binMatrix(binning, train.x),
    validRows: validation.x.rows,
    validBins: binMatrix(binning, validation.x),
  };
}
