import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { parseWebhookUrl, scrubUrl } from './redact-url.js';

export type WebhookOptions = {
  url: string;
  /** Total tries, the first included. */
  attempts: number;
  /** Wait before the second try; doubles for each further try (with jitter), up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per try: connecting, sending and reading the answer. */
  timeoutMs: number;
  /** Deliveries waiting beyond this are dropped (and recorded as failed), so memory stays bounded. */
  queueLimit: number;
};

export type WebhookMessage = { alertId: number; body: unknown };

export type DeliveryReport = {
  alertId: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
};

type Attempt =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean; retryAfterMs?: number };

/**
 * Posts alerts as JSON to a webhook, one at a time, off the caller's path: `enqueue` only queues,
 * so a slow or dead receiver can delay deliveries but never the code that raised the alert.
 * Transient failures (network, timeout, 408, 429, 5xx) are retried with exponential backoff.
 */
export class WebhookNotifier {
  private readonly queue: WebhookMessage[] = [];
  private draining: Promise<void> | null = null;
  private readonly stopping = new AbortController();
  private readonly agent: Agent;
  private readonly host: string;
  private closed = false;

  constructor(
    private readonly options: WebhookOptions,
    private readonly hooks: { logger: Logger; onReport: (report: DeliveryReport) => void },
  ) {
    this.host = parseWebhookUrl(options.url).host;
    this.agent = new Agent({ connect: { timeout: options.timeoutMs } });
  }

  /** Queues a delivery; false when it was dropped (queue full or notifier closed). */
  enqueue(message: WebhookMessage): boolean {
    if (this.closed || this.queue.length >= this.options.queueLimit) {
      const reason = this.closed
        ? 'not delivered: the notifier was closed'
        : 'not delivered: webhook queue full';
      this.report({
        alertId: message.alertId,
        status: 'failed',
        attempts: 0,
        lastStatus: null,
        lastError: reason,
      });
      this.hooks.logger.warn({ alertId: message.alertId, webhookHost: this.host }, reason);
      return false;
    }
    this.queue.push(message);
    this.report({
      alertId: message.alertId,
      status: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
    });
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return true;
  }

  /** Resolves once every queued delivery has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Gives queued deliveries up to graceMs to finish, then abandons the rest (recorded as failed). */
  async close(graceMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const grace = new AbortController();
    await Promise.race([this.idle(), sleep(graceMs, undefined, { signal: grace.signal }).catch(() => {})]);
    grace.abort();
    this.stopping.abort();
    await this.idle();
    await this.agent.close();
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    for (let message = this.queue.shift(); message; message = this.queue.shift()) {
      await this.deliver(message);
    }
  }

  private async deliver(message: WebhookMessage): Promise<void> {
    const body = JSON.stringify(message.body);
    let last: Attempt = { ok: false, status: null, error: 'not attempted', retry: false };
    let attempts = 0;
    while (attempts < this.options.attempts && !this.stopping.signal.aborted) {
      if (attempts > 0) {
        try {
          await sleep(this.delayBefore(attempts + 1, last), undefined, { signal: this.stopping.signal });
        } catch {
          break;
        }
      }
      attempts++;
      last = await this.post(body);
      if (last.ok) {
        this.report({
          alertId: message.alertId,
          status: 'delivered',
          attempts,
          lastStatus: last.status,
          lastError: null,
        });
        this.hooks.logger.debug(
          { alertId: message.alertId, webhookHost: this.host, attempts },
          'alert delivered',
        );
        return;
      }
      if (!last.retry || attempts >= this.options.attempts) break;
      this.report({
        alertId: message.alertId,
        status: 'pending',
        attempts,
        lastStatus: last.status,
        lastError: last.error,
      });
    }
    const error = last.ok ? null : last.error;
    const stopped = this.stopping.signal.aborted ? ' (stopped: Podium is shutting down)' : '';
    this.report({
      alertId: message.alertId,
      status: 'failed',
      attempts,
      lastStatus: last.status,
      lastError: `${error ?? 'not delivered'}${stopped}`,
    });
    this.hooks.logger.warn(
      { alertId: message.alertId, webhookHost: this.host, attempts, lastStatus: last.status, error },
      'alert webhook delivery failed',
    );
  }

  /** Exponential backoff with jitter, so many Podiums restarting together do not retry in step. */
  private delayBefore(attempt: number, last: Attempt): number {
    const exponential = this.options.baseDelayMs * 2 ** (attempt - 2);
    const jittered = exponential * (0.5 + Math.random() * 0.5);
    const asked = last.ok ? 0 : (last.retryAfterMs ?? 0);
    return Math.min(this.options.maxDelayMs, Math.max(jittered, asked));
  }

  private async post(body: string): Promise<Attempt> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]);
    try {
      const response = await request(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'podium-alerts' },
        body,
        signal,
        dispatcher: this.agent,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      await response.body.dump();
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { ok: true, status };
      const retry = status === 408 || status === 429 || status >= 500;
      return {
        ok: false,
        status,
        error: `HTTP ${status}`,
        retry,
        retryAfterMs: retryAfter(response.headers),
      };
    } catch (error) {
      const timedOut = signal.aborted && !this.stopping.signal.aborted;
      const text = timedOut
        ? `timed out after ${this.options.timeoutMs} ms`
        : scrubUrl(describeError(error), this.options.url);
      return { ok: false, status: null, error: text, retry: true };
    }
  }

  private report(report: DeliveryReport): void {
    try {
      this.hooks.onReport(report);
    } catch (error) {
      // Recording the outcome must not kill the queue (e.g. the database closed at shutdown).
      this.hooks.logger.warn({ err: error, alertId: report.alertId }, 'could not record webhook delivery');
    }
  }
}

function retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
}
