import { MirrorQueue } from './mirror-queue.js';
import type { PredictionLog } from './prediction-log.js';
import { type PredictJob, sendPredictions } from './send-predictions.js';
import type { Upstream } from './upstream.js';

export type MirrorOutcomes = Record<'sent' | 'failed' | 'dropped', { inc(n?: number): void }>;

export type ShadowMirrorOptions = {
  modelName: string;
  log: PredictionLog;
  queueLimit: number;
  /** Round trips in flight to the shadow at once. */
  concurrency: number;
  /** Most mirrors sent in one /batch_predict when a backlog has built up. */
  maxBatch: number;
  /** How long a mirror may wait for others to share its round trip. */
  lingerMs: number;
};

/**
 * Sends what the champion answered to one shadow, off the caller's path, and logs the shadow's
 * predictions for the shadow test. A lone mirror goes to /predict; a backlog goes as one
 * /batch_predict whose answer is split back into one log row per request, each row with the
 * round trip that brought its prediction back (a batch's rows share it). A batch the shadow
 * refuses or fails is retried one request at a time, so one record it cannot score costs no
 * other row.
 */
export class ShadowMirror {
  readonly queue: MirrorQueue<PredictJob>;

  constructor(
    readonly upstream: Upstream,
    readonly outcomes: MirrorOutcomes,
    private readonly options: ShadowMirrorOptions,
  ) {
    this.queue = new MirrorQueue<PredictJob>(
      options.queueLimit,
      options.concurrency,
      (jobs) => this.send(jobs),
      options.maxBatch,
      (first, next) => first.authorization === next.authorization,
      options.lingerMs,
    );
  }

  offer(job: PredictJob): void {
    if (!this.queue.offer(job)) this.outcomes.dropped.inc();
  }

  /** Sends a batch of mirrors (see sendPredictions) and logs one row per request answered. */
  private send(jobs: PredictJob[]): Promise<void> {
    return new Promise((resolve) => {
      let left = jobs.length;
      sendPredictions(this.upstream, jobs, (job, error, status, answer, latencyMs) => {
        if (error) this.outcomes.failed.inc();
        else {
          this.outcomes[status < 500 ? 'sent' : 'failed'].inc();
          this.logRow(job.requestId, status, status === 200 ? String(answer) : null, latencyMs);
        }
        if (--left === 0) resolve();
      });
    });
  }

  private logRow(requestId: string, status: number, prediction: string | null, latencyMs: number): void {
    this.options.log.add({
      requestId,
      modelName: this.options.modelName,
      version: this.upstream.version,
      role: 'shadow',
      prediction,
      status,
      latencyMs,
    });
  }
}
