import { isMainThread, workerData } from 'node:worker_threads';
import { serveWorkerTask } from '../../main/common/worker-task/index.js';

/**
 * A worker whose module throws while it loads (as one would whose native library is missing):
 * always when started warm, and when started with its input only if the input asks for it.
 */
export type LoadFailureInput = { failAtLoad: boolean };

// `node --test dist/test/` also runs this file on its own: there it is no worker and does nothing.
if (!isMainThread) {
  const start = workerData as { inputFollows: true } | { input: LoadFailureInput };
  if ('inputFollows' in start || start.input.failAtLoad) {
    throw new Error('the native library libsample.so could not be loaded');
  }
  serveWorkerTask<LoadFailureInput, string>(() => 'loaded');
}
