import type { JobKind, JobResults, JobStarted, PodiumClient, PodiumErrorData } from '../contract/index.js';
import { createProgressReporter } from './progress.js';

/**
 * Starts a background job through the client and waits for its end, as the UI does: progress
 * arrives as `job.progress` (shown on stderr when `progress` is given), the result as `job.done`,
 * a failure as `job.failed` (rejected with its `{code, message, details}`). Ctrl-C asks the job
 * to cancel (training stops at the next epoch, its run is marked cancelled, half-written packages
 * are removed); the command then fails with the job's CANCELLED error once the job has ended.
 */
export async function waitForJob<K extends JobKind>(
  client: PodiumClient,
  start: () => Promise<JobStarted>,
  options: { progress?: { json: boolean } } = {},
): Promise<JobResults[K]> {
  const progress = options.progress ? createProgressReporter(options.progress) : null;
  let jobId: number | null = null;
  // Listening before the job starts, so no event of it is missed: events that arrive before the
  // id is known are replayed once it is.
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
    client.listen('job.progress', (event) => ours(event.jobId, () => progress?.onProgress(event))),
    client.listen('job.done', (event) =>
      ours(event.jobId, () => settle.resolve(event.result as JobResults[K])),
    ),
    client.listen('job.failed', (event) => ours(event.jobId, () => settle.reject(event.error))),
  ];
  // Ctrl-C before the job has an id is remembered and sent as soon as it has one.
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    if (jobId !== null) void client.sendCatch('jobs.cancel', { jobId });
  };
  process.once('SIGINT', onInterrupt);
  try {
    jobId = (await start()).jobId;
    if (interrupted) void client.sendCatch('jobs.cancel', { jobId });
    for (const event of early.splice(0)) if (event.id === jobId) event.deliver();
    return await outcome;
  } finally {
    progress?.stop();
    for (const off of unsubscribe) off();
    process.off('SIGINT', onInterrupt);
  }
}
