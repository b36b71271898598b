import type { JobKind, JobResults, JobStarted, PodiumClient, PodiumErrorData } from '../contract/index.js';
import { createStepProgressReporter } from './step-progress.js';

/**
 * Starts a job through the client and waits for its outcome, showing its progress; Ctrl-C asks
 * the job to cancel (training stops at the next epoch, its run is marked cancelled, half-written
 * packages are removed) and the command then fails with the job's CANCELLED error.
 */
export async function runJob<K extends JobKind>(
  client: PodiumClient,
  kind: K,
  start: () => Promise<JobStarted>,
  options: { json: boolean },
): Promise<JobResults[K]> {
  const progress = createStepProgressReporter(options);
  let jobId: number | null = null;
  let settle: { resolve: (result: JobResults[K]) => void; reject: (error: PodiumErrorData) => void } | null =
    null;
  const outcome = new Promise<JobResults[K]>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Listening before the job starts: no event of it can be missed.
  const unsubscribe = [
    client.listen('job.progress', (event) => {
      if (event.jobId === jobId) progress.onProgress(event);
    }),
    client.listen('job.done', (event) => {
      if (event.jobId === jobId && event.kind === kind) settle?.resolve(event.result as JobResults[K]);
    }),
    client.listen('job.failed', (event) => {
      if (event.jobId === jobId) settle?.reject(event.error);
    }),
  ];
  const onSignal = () => {
    if (jobId !== null) void client.sendCatch('jobs.cancel', { jobId });
  };
  process.once('SIGINT', onSignal);
  try {
    jobId = (await start()).jobId;
    return await outcome;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    for (const off of unsubscribe) off();
  }
}
