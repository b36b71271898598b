import { parentPort, workerData } from 'node:worker_threads';
import { isPodiumError, type PodiumErrorData } from '../contract/errors.js';
import { loadTable } from '../data/index.js';
import { runTraining } from './training-run.js';
import type { TrainingProgress, TrainingRequest, TrainingResult } from './types.js';

/**
 * The worker thread a training runs in, so the thread that answers the UI never computes.
 * Protocol — in: workerData `{ request, outDir }` and `{ type: 'cancel' }` messages;
 * out: `progress` messages, then exactly one `done` or `error`.
 */
export type TrainWorkerInput = { request: TrainingRequest; outDir: string };
export type TrainWorkerCommand = { type: 'cancel' };
export type TrainWorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'done'; result: TrainingResult }
  | { type: 'error'; error: PodiumErrorData };

const port = parentPort;
if (port === null) throw new Error('train-worker.js runs only as a worker thread');

const controller = new AbortController();
port.on('message', (command: TrainWorkerCommand) => {
  if (command?.type === 'cancel') controller.abort();
});

const { request, outDir } = workerData as TrainWorkerInput;
const post = (message: TrainWorkerMessage) => port.postMessage(message);

try {
  post({ type: 'progress', progress: { step: 'loading', current: 0, total: 1 } });
  const table = await loadTable(request.datasetPath, request.profile);
  if (controller.signal.aborted) {
    post({ type: 'error', error: { code: 'CANCELLED', message: 'Training was cancelled' } });
  } else {
    const result = await runTraining(table, request, outDir, {
      signal: controller.signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'done', result });
  }
} catch (error) {
  post({ type: 'error', error: errorData(error) });
} finally {
  port.close();
}

function errorData(error: unknown): PodiumErrorData {
  if (isPodiumError(error)) return error.toData();
  // A failure inside a model family (e.g. out of memory in TensorFlow.js) is worth showing as is.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'TRAINING_FAILED', message: `Training failed: ${message}` };
}
