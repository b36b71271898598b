import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../common/clock.js';
import { fromSnakeCaseDocument, toSnakeCaseDocument } from '../../contract/documented-json.js';
import { PodiumError } from '../../contract/errors.js';
import { alertEvidenceSchemas } from '../../contract/schemas/index.js';
import type { Db } from '../../db/index.js';
import { prepared } from '../../db/statements.js';
import { recordLifecycleEvent } from '../../workspace/lifecycle-event-store.js';
import { alertAsRaised } from './to-alert.js';
import {
  type AlertEvidence,
  type AlertRecord,
  type AlertRule,
  type AlertSeverity,
  type AlertStatus,
  DEFAULT_SEVERITY,
  type DeliveryStatus,
  defaultDedupKey,
  type NewAlert,
  type RaisedAlert,
} from './types.js';

type AlertRow = {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  model_name: string | null;
  title: string;
  message: string;
  evidence_json: string;
  dedup_key: string;
  status: AlertStatus;
  count: number;
  created_at: string;
  last_seen_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  delivery_status: DeliveryStatus;
  delivery_attempts: number;
  delivery_last_status: number | null;
  delivery_last_error: string | null;
  delivered_at: string | null;
};

export type AlertListOptions = {
  /** One status or several; all statuses when omitted. */
  status?: AlertStatus | AlertStatus[];
  modelName?: string;
  limit?: number;
};

export type DeliveryUpdate = {
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
};

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Alerts in SQLite, de-duplicated by key while unresolved. Storage only: delivery lives elsewhere. */
export class AlertStore {
  private readonly findUnresolved: Statement<[string]>;
  private readonly insert: Statement<unknown[]>;
  private readonly repeat: Statement<unknown[]>;
  private readonly byId: Statement<[number]>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.findUnresolved = prepared(db, "SELECT * FROM alerts WHERE dedup_key = ? AND status != 'resolved'");
    this.insert = prepared(
      db,
      `INSERT INTO alerts (rule, severity, model_name, title, message, evidence_json, dedup_key, status,
         count, created_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?)`,
    );
    // The latest occurrence's words and evidence replace the old ones (they describe the problem
    // as it is now); severity only ever rises, so a critical repeat is not hidden by a mild one.
    this.repeat = prepared(
      db,
      `UPDATE alerts SET count = count + 1, last_seen_at = ?, title = ?, message = ?, evidence_json = ?,
         severity = ? WHERE id = ?`,
    );
    this.byId = prepared(db, 'SELECT * FROM alerts WHERE id = ?');
  }

  /**
   * Records an alert, or counts a repeat of an unresolved one with the same key. An acknowledged
   * alert stays acknowledged on repeat: the person who acknowledged it already knows.
   */
  raise(alert: NewAlert): RaisedAlert {
    const now = this.clock.now().toISOString();
    const key = alert.dedupKey ?? defaultDedupKey(alert);
    const severity = alert.severity ?? DEFAULT_SEVERITY[alert.rule];
    // In the snake_case it has always been stored in (contract/documented-json.ts).
    const evidence = JSON.stringify(toSnakeCaseDocument(alertEvidenceSchemas[alert.rule], alert.evidence));
    return this.db
      .transaction((): RaisedAlert => {
        const existing = this.findUnresolved.get(key) as AlertRow | undefined;
        if (existing) {
          const kept =
            SEVERITY_RANK[existing.severity] >= SEVERITY_RANK[severity] ? existing.severity : severity;
          this.repeat.run(now, alert.title, alert.message, evidence, kept, existing.id);
          return { alert: this.require(existing.id), isNew: false };
        }
        const result = this.insert.run(
          alert.rule,
          severity,
          alert.modelName ?? null,
          alert.title,
          alert.message,
          evidence,
          key,
          now,
          now,
        );
        const raised = this.require(Number(result.lastInsertRowid));
        recordLifecycleEvent(this.db, this.clock, {
          type: 'alert.raised',
          modelName: raised.modelName,
          data: alertAsRaised(raised),
        });
        return { alert: raised, isNew: true };
      })
      .immediate();
  }

  acknowledge(id: number, actor: string): AlertRecord {
    const alert = this.require(id);
    if (alert.status === 'resolved') {
      throw new PodiumError(
        'CONFLICT',
        `Alert #${id} is already resolved; there is nothing to acknowledge.`,
        {
          id,
        },
      );
    }
    if (alert.status === 'acknowledged') return alert;
    prepared(
      this.db,
      "UPDATE alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
    ).run(this.clock.now().toISOString(), actor, id);
    return this.require(id);
  }

  resolve(id: number, actor: string): AlertRecord {
    const alert = this.require(id);
    if (alert.status === 'resolved') return alert;
    prepared(
      this.db,
      "UPDATE alerts SET status = 'resolved', resolved_at = ?, resolved_by = ? WHERE id = ?",
    ).run(this.clock.now().toISOString(), actor, id);
    return this.require(id);
  }

  /** Resolves the unresolved alert with this key, if any (a check that passes again clears its alert). */
  resolveByKey(dedupKey: string, actor: string): AlertRecord | null {
    const row = this.findUnresolved.get(dedupKey) as AlertRow | undefined;
    return row ? this.resolve(row.id, actor) : null;
  }

  get(id: number): AlertRecord | null {
    const row = this.byId.get(id) as AlertRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(options: AlertListOptions = {}): AlertRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.status !== undefined) {
      const statuses = Array.isArray(options.status) ? options.status : [options.status];
      if (statuses.length === 0) return [];
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    if (options.modelName !== undefined) {
      where.push('model_name = ?');
      params.push(options.modelName);
    }
    params.push(options.limit ?? 100);
    const rows = prepared(
      this.db,
      `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY last_seen_at DESC, id DESC LIMIT ?`,
    ).all(...params) as AlertRow[];
    return rows.map(toRecord);
  }

  /** Open plus acknowledged: what a dashboard counts as "alerts not yet resolved". */
  countUnresolved(): number {
    return (
      prepared(this.db, "SELECT COUNT(*) AS n FROM alerts WHERE status != 'resolved'").get() as { n: number }
    ).n;
  }

  recordDelivery(id: number, update: DeliveryUpdate): void {
    prepared(
      this.db,
      `UPDATE alerts SET delivery_status = ?, delivery_attempts = ?, delivery_last_status = ?,
           delivery_last_error = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
         WHERE id = ?`,
    ).run(
      update.status,
      update.attempts,
      update.lastStatus,
      update.lastError,
      update.status,
      this.clock.now().toISOString(),
      id,
    );
  }

  /** Removes resolved alerts last seen before the cutoff; open ones are kept however old. */
  pruneResolved(before: Date): number {
    return prepared(this.db, "DELETE FROM alerts WHERE status = 'resolved' AND last_seen_at < ?").run(
      before.toISOString(),
    ).changes;
  }

  private require(id: number): AlertRecord {
    const alert = this.get(id);
    if (!alert) throw new PodiumError('NOT_FOUND', `No alert #${id}.`, { id });
    return alert;
  }
}

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity,
    modelName: row.model_name,
    title: row.title,
    message: row.message,
    evidence: fromSnakeCaseDocument(
      alertEvidenceSchemas[row.rule],
      JSON.parse(row.evidence_json),
    ) as AlertEvidence,
    dedupKey: row.dedup_key,
    status: row.status,
    count: row.count,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    delivery: {
      status: row.delivery_status,
      attempts: row.delivery_attempts,
      lastStatus: row.delivery_last_status,
      lastError: row.delivery_last_error,
      deliveredAt: row.delivered_at,
    },
  };
}
