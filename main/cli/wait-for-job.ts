import type {
  JobKind,
  JobProgressEvent,
  JobResults,
  JobStarted,
  PodiumClient,
  PodiumErrorData,
} from '../contract/index.js';

/**
 * Starts a background job through the client and waits for its end, as the UI does: progress
 * arrives as `job.progress`, the result as `job.done`, a failure as `job.failed` (rejected with
 * its `{code, message, details}`). Ctrl-C cancels the job (training ends its runs as cancelled);
 * the command then ends when the job has.
 */
export async function waitForJob<K extends JobKind>(
  client: PodiumClient,
  start: () => Promise<JobStarted>,
  hooks: { onProgress?: (progress: JobProgressEvent) => void } = {},
): Promise<JobResults[K]> {
  let jobId: number | null = null;
  // Events that arrive before the id is known are replayed once it is.
  const early: { id: number; deliver: () => void }[] = [];
  const ours = (id: number, deliver: () => void) => {
    if (jobId === null) early.push({ id, deliver });
    else if (id === jobId) deliver();
  };
  let settle: { resolve: (result: JobResults[K]) => void; reject: (error: PodiumErrorData) => void };
  const outcome = new Promise<JobResults[K]>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const unsubscribe = [
    client.listen('job.progress', (event) => ours(event.jobId, () => hooks.onProgress?.(event))),
    client.listen('job.done', (event) =>
      ours(event.jobId, () => settle.resolve(event.result as JobResults[K])),
    ),
    client.listen('job.failed', (event) => ours(event.jobId, () => settle.reject(event.error))),
  ];
  const onInterrupt = () => {
    if (jobId !== null) void client.sendCatch('jobs.cancel', { jobId });
  };
  process.once('SIGINT', onInterrupt);
  try {
    jobId = (await start()).jobId;
    for (const event of early.splice(0)) if (event.id === jobId) event.deliver();
    return await outcome;
  } finally {
    for (const off of unsubscribe) off();
    process.off('SIGINT', onInterrupt);
  }
}
