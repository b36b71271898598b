import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { Clock } from '../../common/clock.js';
import type { LifecycleEvent } from '../../contract/index.js';
import { webhookAgent } from '../alerts/webhook-agent.js';
import { postWebhook, retryDelay } from '../alerts/webhook-post.js';
import type { EventDeliveryStore } from './event-delivery-store.js';
import { EVENT_HEADERS, signEvent } from './event-signature.js';
import type { EventWebhookOptions } from './event-webhook-settings.js';

/** How often the outbox is looked at for new or due events while the process runs. */
const POLL_MS = 1000;
/** Deliveries claimed per look; a backlog is worked through in turns of this many. */
const CLAIM_BATCH = 20;

/**
 * Sends the outbox's events to the configured webhook, signed, from whichever process has the
 * workspace open: the app, the scheduler daemon, or a CLI command (which gives its own events a
 * try as it exits). A failed try is retried with backoff from the database, so a retry survives
 * the process; claims keep two processes from sending the same event at once.
 */
export class EventDeliverer {
  private readonly agent: Agent;
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: EventDeliveryStore,
    private readonly options: EventWebhookOptions,
    private readonly context: { logger: Logger; clock: Clock; environment: string; workspaceId: string },
  ) {
    this.agent = webhookAgent(options.timeoutMs);
    store.registerEndpoint(options.endpoint);
  }

  /** Looks at the outbox every second until closed; never keeps the process alive by itself. */
  start(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setInterval(() => void this.deliverDue(), POLL_MS);
    this.timer.unref();
  }

  /** Sends every event due now (one try each); resolves when none is left due. */
  deliverDue(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.work()
      .catch((error: unknown) => this.context.logger.warn({ err: error }, 'event delivery pass failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /**
   * Gives deliveries up to graceMs, retries that fall due within it included (a receiver that
   * answered 503 once often takes the second try), then stops; what is left stays pending for
   * the next process that opens the workspace.
   */
  async close(graceMs = this.options.timeoutMs + 1000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + graceMs;
    let expired: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      expired = setTimeout(resolve, graceMs);
    });
    const drain = async () => {
      while (!this.stopping.signal.aborted) {
        await this.deliverDue();
        const next = this.store.nextDue(this.options.endpoint);
        if (next === null) return;
        const wait = next.getTime() - this.context.clock.now().getTime();
        if (Date.now() + wait >= deadline) return;
        await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
      }
    };
    await Promise.race([drain(), grace]);
    clearTimeout(expired);
    this.stopping.abort();
    await this.running;
    await this.agent.close();
  }

  private async work(): Promise<void> {
    const { endpoint, host, types } = this.options;
    this.store.enqueueNew(endpoint, host, types);
    while (!this.stopping.signal.aborted) {
      const due = this.store.claimDue(endpoint, CLAIM_BATCH);
      if (due.length === 0) return;
      for (const delivery of due) await this.attempt(delivery.event, delivery.attempts + 1);
    }
  }

  private async attempt(event: LifecycleEvent, attempt: number): Promise<void> {
    const deliveryId = `${this.context.workspaceId}:${event.id}`;
    const body = JSON.stringify({
      id: deliveryId,
      type: event.type,
      environment: this.context.environment,
      workspace_id: this.context.workspaceId,
      model: event.model,
      created_at: event.createdAt,
      data: event.data,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postWebhook(this.options.url, body, {
      headers: {
        'user-agent': 'podium-events',
        [EVENT_HEADERS.event]: event.type,
        [EVENT_HEADERS.deliveryId]: deliveryId,
        [EVENT_HEADERS.timestamp]: String(timestamp),
        [EVENT_HEADERS.signature]: signEvent(this.options.secret, deliveryId, timestamp, body),
      },
      timeoutMs: this.options.timeoutMs,
      agent: this.agent,
      stopping: this.stopping.signal,
    });
    const logFields = { event: event.id, type: event.type, webhookHost: this.options.host, attempt };
    if (result.ok) {
      this.store.recordAttempt(event.id, this.options.endpoint, {
        status: 'delivered',
        attempts: attempt,
        lastStatus: result.status,
        lastError: null,
        nextAttemptAt: null,
      });
      this.context.logger.debug(logFields, 'event delivered');
      return;
    }
    if (this.stopping.signal.aborted) {
      // Cut short by this process stopping, not refused by the receiver: the try does not count,
      // and the next process to open the workspace sends it.
      this.store.recordAttempt(event.id, this.options.endpoint, {
        status: 'pending',
        attempts: attempt - 1,
        lastStatus: null,
        lastError: 'interrupted: the process stopped during the delivery',
        nextAttemptAt: this.context.clock.now(),
      });
      return;
    }
    const again = result.retry && attempt < this.options.attempts;
    const wait = retryDelay(attempt + 1, result, this.options);
    this.store.recordAttempt(event.id, this.options.endpoint, {
      status: again ? 'pending' : 'failed',
      attempts: attempt,
      lastStatus: result.status,
      lastError: result.error,
      nextAttemptAt: again ? new Date(this.context.clock.now().getTime() + wait) : null,
    });
    this.context.logger.warn(
      { ...logFields, lastStatus: result.status, error: result.error, retryInMs: again ? wait : null },
      again ? 'event delivery failed; will retry' : 'event delivery failed; giving up',
    );
  }
}
