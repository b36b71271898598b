import { statSync } from 'node:fs';
import { warmWorkerTask } from '../common/worker-task/warm-worker.js';
import type { OperationName } from '../contract/index.js';
import { INGEST_IN_THREAD_MAX_BYTES, INGEST_WORKER } from '../data/ingest-worker-url.js';
import { PREDICT_WORKER } from '../lineage/predict-worker-url.js';
import { DRIFT_CHECK_WORKER } from '../monitoring/drift-check-worker-url.js';
import { ESTIMATE_FILE_WORKER } from '../monitoring/estimate-file-worker-url.js';
import { TRAIN_WORKER } from '../training/train-worker-url.js';

/** The worker script each heavy operation runs its work in. */
const WORKERS = {
  'drift.check': DRIFT_CHECK_WORKER,
  'predict.file': PREDICT_WORKER,
  'train.fromFile': TRAIN_WORKER,
  'performance.estimate': ESTIMATE_FILE_WORKER,
  'data.ingestFile': INGEST_WORKER,
} as const satisfies Partial<Record<OperationName, URL>>;

export type OperationWithWorker = keyof typeof WORKERS;

/**
 * Starts the worker thread of `operation` now, before this process has loaded the operation
 * table that will run it: the thread loads its modules while this one loads the workspace and
 * the domains, and the operation then claims it (common/worker-task/warm-worker.ts). A command
 * that ends without the operation discards it. It imports only the scripts' URLs, so a shell can
 * call it as its first step (test/architecture/cli-startup.test.ts).
 *
 * `file`: the file the operation reads. An ingest of a small file stays on the calling thread,
 * and one of a missing file fails before any thread, so neither warms one.
 */
export function warmOperationWorker(operation: OperationWithWorker, file?: string): void {
  if (operation === 'data.ingestFile') {
    const bytes = file === undefined ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0);
    if (bytes < INGEST_IN_THREAD_MAX_BYTES) return;
  }
  warmWorkerTask(WORKERS[operation]);
}
