import { Worker } from 'node:worker_threads';
import type { TaskStart } from './protocol.js';

/**
 * Worker threads started before their task's input is known, so that the thread loads its
 * modules while the caller is still loading its own (the CLI: config, workspace, the operation
 * table). On two cores the two loads overlap instead of following each other. `startWorkerTask`
 * claims the warm thread of its script and sends it the input as the first message.
 *
 * Until it is claimed a warm thread is unref'd: a command that fails before its task, or never
 * needs it, exits as if the thread did not exist.
 */
type WarmThread = { worker: Worker; onFailure: () => void };

/** At most one per script, by the script's URL; a thread that failed or stopped leaves at once. */
const warmThreads = new Map<string, WarmThread>();

/**
 * Starts `script` (a module that calls `serveWorkerTask`) in a thread that waits for its input.
 * Returns the thread's id (for logs and tests). A second call for a script whose warm thread is
 * still waiting starts nothing.
 */
export function warmWorkerTask(script: URL): number {
  const waiting = warmThreads.get(script.href);
  if (waiting !== undefined) return waiting.worker.threadId;
  const worker = new Worker(script, { workerData: { inputFollows: true } satisfies TaskStart<never> });
  worker.unref();
  const thread: WarmThread = {
    worker,
    // A thread that failed to load or stopped is not handed to a task; the task starts a fresh one
    // (and meets the same failure there, reported as its own). Listening also keeps an error of an
    // unclaimed thread from being thrown on this one.
    onFailure: () => {
      if (warmThreads.get(script.href) === thread) warmThreads.delete(script.href);
    },
  };
  worker.on('error', thread.onFailure);
  worker.on('exit', thread.onFailure);
  warmThreads.set(script.href, thread);
  return worker.threadId;
}

/** Whether a usable warm thread waits for `script`'s input. */
export function isWarm(script: URL): boolean {
  return warmThreads.has(script.href);
}

/**
 * The warm thread of `script`, now the caller's (ref'd: it keeps the process alive like any
 * task's thread), or null when there is none or it failed. The caller attaches its listeners and
 * then sends the input as a `TaskInput` message.
 */
export function claimWarmWorker(script: URL): Worker | null {
  const thread = warmThreads.get(script.href);
  if (thread === undefined) return null;
  warmThreads.delete(script.href);
  thread.worker.off('error', thread.onFailure);
  thread.worker.off('exit', thread.onFailure);
  thread.worker.ref();
  return thread.worker;
}

/** Ends every unclaimed warm thread: the command is over and its task never came. */
export async function discardWarmWorkers(): Promise<void> {
  const threads = [...warmThreads.values()];
  warmThreads.clear();
  await Promise.all(threads.map((thread) => thread.worker.terminate()));
}
