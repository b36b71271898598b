import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import { parseWebhookUrl } from './redact-url.js';
import { webhookAgent } from './webhook-agent.js';
import { postWebhook, retryDelay, type WebhookAttempt } from './webhook-post.js';

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
    this.agent = webhookAgent(options.timeoutMs);
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
    let last: WebhookAttempt = { ok: false, status: null, error: 'not attempted', retry: false };
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

  private delayBefore(attempt: number, last: WebhookAttempt): number {
    return retryDelay(attempt, last, this.options);
  }

  private post(body: string): Promise<WebhookAttempt> {
    return postWebhook(this.options.url, body, {
      headers: { 'user-agent': 'podium-alerts' },
      timeoutMs: this.options.timeoutMs,
      agent: this.agent,
      stopping: this.stopping.signal,
    });
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
