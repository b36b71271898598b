import { resolve } from 'node:path';
import type { PodiumClient } from '../contract/index.js';
import { createProgressReporter, FILE_STEPS } from './progress.js';

/**
 * For an operation that works through a file and answers only when done (`drift.check`,
 * `predict.file`): a bar on stderr while it reads the file, from its `operation.progress` events
 * in bytes (steps in FILE_STEPS) for that file. Silent with --json and off a terminal. Returns
 * the function that stops following; call it when the operation has answered.
 */
export function followFileProgress(
  client: PodiumClient,
  operation: string,
  file: string | undefined,
  json: boolean,
): () => void {
  if (file === undefined) return () => {};
  const path = resolve(file);
  const progress = createProgressReporter({ json });
  const unsubscribe = client.listen('operation.progress', (event) => {
    if (event.operation !== operation || event.message === undefined || resolve(event.message) !== path)
      return;
    if (FILE_STEPS[event.step] !== undefined) progress.onProgress(event);
  });
  return () => {
    unsubscribe();
    progress.stop();
  };
}
