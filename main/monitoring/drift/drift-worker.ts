import { parentPort, workerData } from 'node:worker_threads';
import { isPodiumError, type PodiumErrorData } from '../../contract/errors.js';
import { type CurrentData, detectDrift } from './detect.js';
import type { DriftOptions } from './options.js';
import type { ReferenceDistribution } from './reference.js';
import type { DriftReport } from './report.js';

/**
 * The worker thread a drift check runs in, so the thread that answers the UI never sorts a
 * million values. Protocol — in: workerData `{ reference, current, options }` (numeric columns'
 * buffers transferred, not copied); out: exactly one `done` or `error` message.
 */
export type DriftWorkerInput = {
  reference: ReferenceDistribution;
  current: CurrentData;
  options: Partial<DriftOptions>;
};
export type DriftWorkerMessage =
  | { type: 'done'; report: DriftReport }
  | { type: 'error'; error: PodiumErrorData };

const port = parentPort;
if (port === null) throw new Error('drift-worker.js runs only as a worker thread');

const { reference, current, options } = workerData as DriftWorkerInput;
let message: DriftWorkerMessage;
try {
  message = { type: 'done', report: detectDrift(reference, current, options) };
} catch (error) {
  message = { type: 'error', error: errorData(error) };
}
port.postMessage(message);
port.close();

function errorData(error: unknown): PodiumErrorData {
  if (isPodiumError(error)) return error.toData();
  return {
    code: 'INTERNAL',
    message: `Drift detection failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}
