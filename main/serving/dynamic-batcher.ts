import { type PredictAnswered, type PredictJob, sendPredictions } from './send-predictions.js';
import type { Upstream } from './upstream.js';

type Waiting = PredictJob & { callback: PredictAnswered };

/**
 * Dynamic batching to the champion, as inference servers (Triton, TF Serving) do it: the
 * /predict requests that reach the gateway in the same turn of the event loop go to the
 * champion as one /batch_predict, and its answer is split back into the answers /predict would
 * have given, each with its own request id. No request waits for a batch to fill: a request
 * that arrives alone goes alone, as itself, at once. Under load the champion then parses,
 * validates and answers one HTTP exchange per batch instead of one per request, which is most
 * of a model service's cost for a small model. How a batch is sent, split and, when refused,
 * asked again one by one is sendPredictions'.
 */
export class DynamicBatcher {
  private waiting: Waiting[] = [];

  constructor(
    readonly upstream: Upstream,
    private readonly maxBatch = 64,
    private readonly maxBytes = 1024 * 1024,
  ) {}

  predict(job: PredictJob, callback: PredictAnswered): void {
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
      sendPredictions(this.upstream, waiting.slice(start, end), (job, error, status, answer, latencyMs) =>
        this.done(job as Waiting, error, status, answer, latencyMs),
      );
      start = end;
    }
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
