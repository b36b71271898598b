import { batchBody, splitBatchAnswer } from './batch-answer.js';
import { sendUpstream, type Upstream } from './upstream.js';

/** One caller's /predict on its way to the champion. */
export type PredictJob = { requestId: string; body: Buffer; authorization: string | undefined };

/** How a job ends: the champion's /predict answer for it (bytes as they came, or split from a batch), or the error. */
export type PredictCallback = (
  error: Error | null,
  status: number,
  answer: Buffer | string,
  latencyMs: number,
) => void;

type Waiting = PredictJob & { callback: PredictCallback };

const EMPTY = Buffer.alloc(0);

/**
 * Dynamic batching to the champion, as inference servers (Triton, TF Serving) do it: the
 * /predict requests that reach the gateway in the same turn of the event loop go to the
 * champion as one /batch_predict, and its answer is split back into the answers /predict would
 * have given, each with its own request id. No request waits for a batch to fill: a request
 * that arrives alone goes alone, as itself, at once. Under load the champion then parses,
 * validates and answers one HTTP exchange per batch instead of one per request, which is most
 * of a model service's cost for a small model.
 * A batch answered with anything but a well-formed 200 (one invalid record, a service still
 * loading, a refused token) is asked again one request at a time, so every caller gets exactly
 * the answer /predict gives it. Each request's round trip is its batch's.
 */
export class DynamicBatcher {
  private waiting: Waiting[] = [];

  constructor(
    readonly upstream: Upstream,
    private readonly maxBatch = 64,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  predict(job: PredictJob, callback: PredictCallback): void {
    if (this.waiting.length === 0) setImmediate(() => this.flush());
    // Counted from now, not from the send: a champion switch drains what is waiting here too.
    this.upstream.inFlight++;
    this.waiting.push({ ...job, callback });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    let start = 0;
    while (start < waiting.length) {
      const first = waiting[start];
      let end = start + 1;
      let bytes = first.body.length;
      while (
        end < waiting.length &&
        end - start < this.maxBatch &&
        waiting[end].authorization === first.authorization &&
        bytes + waiting[end].body.length <= this.maxBytes
      ) {
        bytes += waiting[end].body.length;
        end++;
      }
      if (end - start === 1) this.sendOne(first);
      else this.sendBatch(waiting.slice(start, end));
      start = end;
    }
  }

  private sendOne(job: Waiting): void {
    const headers = ['x-request-id', job.requestId];
    if (job.authorization !== undefined) headers.push('authorization', job.authorization);
    sendUpstream(this.upstream, 'POST', '/predict', headers, job.body, (error, status, answer, latencyMs) =>
      this.done(job, error, status, answer, latencyMs),
    );
  }

  private sendBatch(jobs: Waiting[]): void {
    const authorization = jobs[0].authorization;
    const headers = authorization === undefined ? [] : ['authorization', authorization];
    const body = batchBody(jobs.map((job) => job.body));
    sendUpstream(
      this.upstream,
      'POST',
      '/batch_predict',
      headers,
      body,
      (error, status, answer, latencyMs) => {
        if (error) {
          for (const job of jobs) this.done(job, error, 0, EMPTY, latencyMs);
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
          for (const job of jobs) this.sendOne(job);
          return;
        }
        for (const [index, job] of jobs.entries()) this.done(job, null, 200, answers[index], latencyMs);
      },
    );
  }

  private done(
    job: Waiting,
    error: Error | null,
    status: number,
    answer: Buffer | string,
    latencyMs: number,
  ) {
    this.upstream.inFlight--;
    job.callback(error, status, answer, latencyMs);
  }
}
