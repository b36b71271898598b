import { serveWorkerTask } from '../common/worker-task/index.js';
import { isPodiumError, PodiumError } from '../contract/errors.js';
import { DEFAULT_CSV_DIALECT, loadTable } from '../data/index.js';
import { runTraining } from './training-run.js';
import type { TrainingProgress, TrainingRequest, TrainingResult } from './types.js';

/**
 * The worker thread a training runs in, so the thread that answers the UI never computes.
 * In: `{ request, outDir }`; out: one progress event per stage, epoch or step, then the result.
 */
export type TrainWorkerInput = { request: TrainingRequest; outDir: string };

serveWorkerTask<TrainWorkerInput, TrainingResult, TrainingProgress>(async ({ request, outDir }, task) => {
  try {
    task.emit({ step: 'loading', current: 0, total: 1 });
    const table = await loadTable(
      request.datasetPath,
      request.profile,
      request.dialect ?? DEFAULT_CSV_DIALECT,
    );
    if (task.signal.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
    return await runTraining(table, request, outDir, { signal: task.signal, onProgress: task.emit });
  } catch (error) {
    if (isPodiumError(error)) throw error;
    // A failure inside a model family (e.g. out of memory in TensorFlow.js) is worth showing as is.
    const message = error instanceof Error ? error.message : String(error);
    throw new PodiumError('TRAINING_FAILED', `Training failed: ${message}`);
  }
});
