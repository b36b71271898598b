import { isMainThread, threadId, workerData } from 'node:worker_threads';
import { serveWorkerTask } from '../../main/common/worker-task/index.js';

/** A real worker for the warm-thread tests: it says which thread ran it and what it was sent. */
export type WarmSampleInput = { label: string; bytes: Uint8Array };
export type WarmSampleOutput = { threadId: number; startedWarm: boolean; label: string; sum: number };

// `node --test dist/test/` also runs this file on its own: there it is no worker and does nothing.
if (!isMainThread) {
  const startedWarm = 'inputFollows' in (workerData as object);
  serveWorkerTask<WarmSampleInput, WarmSampleOutput>(({ label, bytes }) => ({
    threadId,
    startedWarm,
    label,
    sum: bytes.reduce((total, byte) => total + byte, 0),
  }));
}
