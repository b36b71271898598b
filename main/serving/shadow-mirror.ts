import { batchBody, splitBatchAnswer } from './batch-answer.js';
import { MirrorQueue } from './mirror-queue.js';
import type { PredictionLog } from './prediction-log.js';
import { callUpstream, type Upstream } from './upstream.js';

/** One request the champion answered, to be scored by a shadow too. */
export type MirrorJob = { requestId: string; body: Buffer; authorization?: string };
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
 * refuses is retried one request at a time, so one record it cannot score costs no other row.
 */
export class ShadowMirror {
  readonly queue: MirrorQueue<MirrorJob>;

  constructor(
    readonly upstream: Upstream,
    readonly outcomes: MirrorOutcomes,
    private readonly options: ShadowMirrorOptions,
  ) {
    this.queue = new MirrorQueue<MirrorJob>(
      options.queueLimit,
      options.concurrency,
      (jobs) => (jobs.length === 1 ? this.sendOne(jobs[0]) : this.sendBatch(jobs)),
      options.maxBatch,
      (first, next) => first.authorization === next.authorization,
      options.lingerMs,
    );
  }

  offer(job: MirrorJob): void {
    if (!this.queue.offer(job)) this.outcomes.dropped.inc();
  }

  private async sendOne(job: MirrorJob): Promise<void> {
    try {
      const headers = ['x-request-id', job.requestId];
      if (job.authorization !== undefined) headers.push('authorization', job.authorization);
      const answer = await callUpstream(this.upstream, '/predict', job.body, headers);
      this.outcomes[answer.status < 500 ? 'sent' : 'failed'].inc();
      this.logRow(job.requestId, answer.status, answer.status === 200 ? answer.body : null, answer.latencyMs);
    } catch {
      this.outcomes.failed.inc();
    }
  }

  private async sendBatch(jobs: MirrorJob[]): Promise<void> {
    const authorization = jobs[0].authorization;
    let answer: Awaited<ReturnType<typeof callUpstream>>;
    try {
      answer = await callUpstream(
        this.upstream,
        '/batch_predict',
        batchBody(jobs.map((job) => job.body)),
        authorization === undefined ? [] : ['authorization', authorization],
      );
    } catch {
      this.outcomes.failed.inc(jobs.length);
      return;
    }
    if (answer.status >= 500) {
      this.outcomes.failed.inc(jobs.length);
      for (const job of jobs) this.logRow(job.requestId, answer.status, null, answer.latencyMs);
      return;
    }
    const predictions =
      answer.status === 200
        ? splitBatchAnswer(
            answer.body,
            jobs.map((job) => job.requestId),
          )
        : null;
    if (predictions === null) {
      for (const job of jobs) await this.sendOne(job);
      return;
    }
    this.outcomes.sent.inc(jobs.length);
    for (const [index, job] of jobs.entries()) {
      this.logRow(job.requestId, 200, predictions[index], answer.latencyMs);
    }
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
