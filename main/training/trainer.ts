import { performance } from 'node:perf_hooks';
import { runWorkerTask } from '../common/worker-task/index.js';
import { PodiumError } from '../contract/errors.js';
import { DEFAULT_CSV_DIALECT, loadTable } from '../data/index.js';
import type { Table } from '../data/types.js';
import { abandonPackage, finishPackage, startPackage } from './package-dir.js';
import type { TrainWorkerInput } from './train-worker.js';
import { TRAIN_WORKER } from './train-worker-url.js';
import { runTraining, type TrainingHooks } from './training-run.js';
import type { ModelConfig, TrainingProgress, TrainingRequest, TrainingResult } from './types.js';

export type TrainOptions = TrainingHooks;

/** How long a cancelled worker may take to stop by itself before it is terminated. */
const CANCEL_GRACE_MS = 5000;

/**
 * Trains one model in a worker thread and writes its package into `request.packageDir`.
 * Cancelling (the AbortSignal) stops the worker between epochs or optimiser steps and
 * rejects with CANCELLED; the package folder is only ever renamed into place complete.
 */
export async function trainModel(
  request: TrainingRequest,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  if (options.signal?.aborted) throw cancelled();
  const started = performance.now();
  const outDir = await startPackage(request.packageDir);
  try {
    const result = await runWorker({ request, outDir }, options);
    await finishPackage(outDir, request.packageDir);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await abandonPackage(outDir);
    throw error;
  }
}

function runWorker(input: TrainWorkerInput, options: TrainOptions): Promise<TrainingResult> {
  return runWorkerTask<TrainWorkerInput, TrainingResult, TrainingProgress>(TRAIN_WORKER, input, {
    name: 'training',
    signal: options.signal,
    onProgress: options.onProgress,
    cancelGraceMs: CANCEL_GRACE_MS,
    crashCode: 'TRAINING_FAILED',
  });
}

/**
 * The same training in the calling thread: for tests, benchmarks and scripts that are
 * already off the UI thread. Same package layout and the same cancel semantics.
 */
export async function trainInProcess(
  request: TrainingRequest,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  if (options.signal?.aborted) throw cancelled();
  const table = await loadTable(request.datasetPath, request.profile, request.dialect ?? DEFAULT_CSV_DIALECT);
  return trainTable(table, request, options);
}

/** Trains on a table already in memory (no CSV); writes the package like `trainModel`. */
export async function trainTable(
  table: Table,
  request: { config: ModelConfig; packageDir: string; profile?: TrainingRequest['profile'] },
  options: TrainOptions = {},
): Promise<TrainingResult> {
  if (options.signal?.aborted) throw cancelled();
  const started = performance.now();
  const outDir = await startPackage(request.packageDir);
  try {
    const result = await runTraining(table, request, outDir, options);
    if (options.signal?.aborted) throw cancelled();
    await finishPackage(outDir, request.packageDir);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await abandonPackage(outDir);
    throw error;
  }
}

function cancelled(): PodiumError {
  return new PodiumError('CANCELLED', 'Training was cancelled');
}
