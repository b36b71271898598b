import type { Clock } from '../../common/clock.js';
import { PodiumError } from '../../contract/errors.js';
import type {
  EventDelivery,
  EventDeliveryStatus,
  JsonValue,
  LifecycleEvent,
  LifecycleEventType,
} from '../../contract/index.js';
import type { Db } from '../../db/index.js';
import { prepared } from '../../db/statements.js';

type EventRow = {
  id: number;
  type: LifecycleEventType;
  model_name: string | null;
  data_json: string;
  created_at: string;
};
type DeliveryRow = {
  event_id: number;
  host: string;
  status: EventDeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string;
  delivered_at: string | null;
};

/** An event claimed for one try at one endpoint. */
export type DueDelivery = { event: LifecycleEvent; attempts: number };

export type AttemptOutcome = {
  status: EventDeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** When the next try is due (pending only). */
  nextAttemptAt: Date | null;
};

/** A claim is held this long: a process that dies mid-delivery frees its events after it. */
const CLAIM_MS = 60_000;

/**
 * The outbox's delivery side in SQLite: which events each webhook endpoint still has to get,
 * claimed one process at a time, with every try's outcome kept as the delivery log.
 */
export class EventDeliveryStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** An endpoint seen for the first time starts with the next event: no history is replayed to it. */
  registerEndpoint(endpoint: string): void {
    prepared(
      this.db,
      `INSERT OR IGNORE INTO event_endpoints (endpoint, first_event_id, created_at)
         VALUES (?, (SELECT COALESCE(MAX(id), 0) + 1 FROM lifecycle_events), ?)`,
    ).run(endpoint, this.clock.now().toISOString());
  }

  /** Opens a pending delivery for every event the endpoint wants and has not had yet. */
  enqueueNew(endpoint: string, host: string, types: readonly LifecycleEventType[]): number {
    const result = prepared(
      this.db,
      `INSERT INTO event_deliveries (event_id, endpoint, host, status, next_attempt_at)
         SELECT e.id, ?, ?, 'pending', ? FROM lifecycle_events e
         WHERE e.id >= (SELECT first_event_id FROM event_endpoints WHERE endpoint = ?)
           AND (? = 0 OR e.type = 'webhook.test' OR e.type IN (SELECT value FROM json_each(?)))
           AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.endpoint = ?)`,
    ).run(
      endpoint,
      host,
      this.clock.now().toISOString(),
      endpoint,
      types.length,
      JSON.stringify(types),
      endpoint,
    );
    return result.changes;
  }

  /** Claims up to `limit` deliveries due now, oldest event first, so no other process sends them meanwhile. */
  claimDue(endpoint: string, limit: number): DueDelivery[] {
    const now = this.clock.now();
    return this.db
      .transaction(() => {
        const rows = prepared(
          this.db,
          `SELECT e.*, d.attempts FROM event_deliveries d JOIN lifecycle_events e ON e.id = d.event_id
             WHERE d.endpoint = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
               AND (d.claimed_until IS NULL OR d.claimed_until < ?)
             ORDER BY d.event_id LIMIT ?`,
        ).all(endpoint, now.toISOString(), now.toISOString(), limit) as (EventRow & { attempts: number })[];
        const claim = prepared(
          this.db,
          'UPDATE event_deliveries SET claimed_until = ? WHERE event_id = ? AND endpoint = ?',
        );
        const until = new Date(now.getTime() + CLAIM_MS).toISOString();
        for (const row of rows) claim.run(until, row.id, endpoint);
        return rows.map((row) => ({ event: this.toEvent(row, []), attempts: row.attempts }));
      })
      .immediate();
  }

  /** Records a try's outcome and releases the claim. */
  recordAttempt(eventId: number, endpoint: string, outcome: AttemptOutcome): void {
    const now = this.clock.now().toISOString();
    prepared(
      this.db,
      `UPDATE event_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?,
           next_attempt_at = COALESCE(?, next_attempt_at), claimed_until = NULL,
           delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
         WHERE event_id = ? AND endpoint = ?`,
    ).run(
      outcome.status,
      outcome.attempts,
      outcome.lastStatus,
      outcome.lastError,
      outcome.nextAttemptAt?.toISOString() ?? null,
      outcome.status,
      now,
      eventId,
      endpoint,
    );
  }

  /** When the endpoint's next pending delivery is due (null: nothing pending). */
  nextDue(endpoint: string): Date | null {
    const row = prepared(
      this.db,
      "SELECT MIN(next_attempt_at) AS at FROM event_deliveries WHERE endpoint = ? AND status = 'pending'",
    ).get(endpoint) as { at: string | null };
    return row.at === null ? null : new Date(row.at);
  }

  /**
   * Forgets events older than `cutoff` that no endpoint still waits for (every delivery delivered
   * or given up), with their deliveries. The newest event always stays: ids are SQLite row ids,
   * and a receiver that deduplicates by id must never see one again.
   */
  pruneSettled(cutoff: Date): number {
    return prepared(
      this.db,
      `DELETE FROM lifecycle_events
         WHERE created_at < ? AND id < (SELECT MAX(id) FROM lifecycle_events)
           AND NOT EXISTS (SELECT 1 FROM event_deliveries d
                             WHERE d.event_id = lifecycle_events.id AND d.status = 'pending')`,
    ).run(cutoff.toISOString()).changes;
  }

  /** Newest first, each with its deliveries. */
  list(
    options: {
      limit?: number;
      model?: string;
      type?: LifecycleEventType;
      delivery?: EventDeliveryStatus;
    } = {},
  ): LifecycleEvent[] {
    const rows = prepared(
      this.db,
      `SELECT * FROM lifecycle_events e
         WHERE (? IS NULL OR e.model_name = ?) AND (? IS NULL OR e.type = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.status = ?))
         ORDER BY e.id DESC LIMIT ?`,
    ).all(
      options.model ?? null,
      options.model ?? null,
      options.type ?? null,
      options.type ?? null,
      options.delivery ?? null,
      options.delivery ?? null,
      options.limit ?? 100,
    ) as EventRow[];
    return rows.map((row) => this.toEvent(row, this.deliveriesOf(row.id)));
  }

  get(id: number): LifecycleEvent {
    const row = prepared(this.db, 'SELECT * FROM lifecycle_events WHERE id = ?').get(id) as
      | EventRow
      | undefined;
    if (!row) throw new PodiumError('NOT_FOUND', `No event #${id} (see podium events)`, { field: 'id', id });
    return this.toEvent(row, this.deliveriesOf(id));
  }

  /** Puts the event's deliveries back to pending, due now, with a fresh budget of tries. */
  redeliver(id: number): LifecycleEvent {
    const event = this.get(id);
    if (event.deliveries.length === 0) {
      throw new PodiumError(
        'CONFLICT',
        `Event #${id} has no webhook delivery to repeat: it came before the webhook was configured, or its type is not subscribed (events.webhook_types)`,
        { field: 'id', id },
      );
    }
    prepared(
      this.db,
      `UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_until = NULL
         WHERE event_id = ?`,
    ).run(this.clock.now().toISOString(), id);
    return this.get(id);
  }

  private deliveriesOf(eventId: number): EventDelivery[] {
    const rows = prepared(this.db, 'SELECT * FROM event_deliveries WHERE event_id = ? ORDER BY endpoint').all(
      eventId,
    ) as DeliveryRow[];
    return rows.map((row) => ({
      host: row.host,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
      deliveredAt: row.delivered_at,
    }));
  }

  private toEvent(row: EventRow, deliveries: EventDelivery[]): LifecycleEvent {
    return {
      id: row.id,
      type: row.type,
      model: row.model_name,
      data: JSON.parse(row.data_json) as Record<string, JsonValue>,
      createdAt: row.created_at,
      deliveries,
    };
  }
}
