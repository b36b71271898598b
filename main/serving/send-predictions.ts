import { batchBody, splitBatchAnswer } from './batch-answer.js';
import { sendUpstream, type Upstream } from './upstream.js';

/** One caller's /predict on its way to a service (the champion, or a shadow as a mirror). */
export type PredictJob = { requestId: string; body: Buffer; authorization: string | undefined };

/** How one job ends: the service's /predict answer for it (bytes as they came, or split from a batch), or the error. */
export type PredictAnswered = (
  error: Error | null,
  status: number,
  answer: Buffer | string,
  latencyMs: number,
) => void;

const EMPTY = Buffer.alloc(0);

/**
 * Sends /predict jobs that share a token to one service: a lone job as /predict, several as one
 * /batch_predict whose answer is split back into the answers /predict would have given, each
 * with its job's request id and the batch's round trip. A batch answered with anything but a
 * well-formed 200 (one invalid record, a service still loading or failing, a refused token) is
 * asked again one job at a time, so every job ends with exactly the answer /predict gives it.
 * `answered` is called once per job.
 */
export function sendPredictions(
  upstream: Upstream,
  jobs: readonly PredictJob[],
  answered: (job: PredictJob, ...answer: Parameters<PredictAnswered>) => void,
): void {
  if (jobs.length === 1) {
    sendOne(upstream, jobs[0], answered);
    return;
  }
  const authorization = jobs[0].authorization;
  const headers = authorization === undefined ? [] : ['authorization', authorization];
  const body = batchBody(jobs.map((job) => job.body));
  sendUpstream(upstream, 'POST', '/batch_predict', headers, body, (error, status, answer, latencyMs) => {
    if (error) {
      for (const job of jobs) answered(job, error, 0, EMPTY, latencyMs);
      return;
    }
    const answers =
      status === 200
        ? splitBatchAnswer(
            answer.toString('utf8'),
            jobs.map((job) => job.requestId),
          )
        : null;
    if (answers === null) {
      for (const job of jobs) sendOne(upstream, job, answered);
      return;
    }
    for (const [index, job] of jobs.entries()) answered(job, null, 200, answers[index], latencyMs);
  });
}

function sendOne(
  upstream: Upstream,
  job: PredictJob,
  answered: (job: PredictJob, ...answer: Parameters<PredictAnswered>) => void,
): void {
  const headers = ['x-request-id', job.requestId];
  if (job.authorization !== undefined) headers.push('authorization', job.authorization);
  sendUpstream(upstream, 'POST', '/predict', headers, job.body, (error, status, answer, latencyMs) =>
    answered(job, error, status, answer, latencyMs),
  );
}
