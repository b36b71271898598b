import { redactSecretValues } from '../config/index.js';
import type { AuditEntryView, JsonValue, LifecycleEventType } from '../contract/index.js';
import { prepared } from '../db/statements.js';
import type { Workspace } from '../workspace/index.js';
import { recordLifecycleEvent } from '../workspace/lifecycle-event-store.js';

/** What happened, as the UI's audit view shows it, plus the details kept beside it. */
export type AuditAction = AuditEntryView['action'];
export type AuditEntry = AuditEntryView & { details: Record<string, JsonValue> };

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'environment' | 'createdAt' | 'details'> & {
  details?: Record<string, JsonValue>;
};

type AuditRow = {
  id: number;
  environment: string;
  action: AuditAction;
  model_name: string;
  from_version: number | null;
  to_version: number | null;
  decision_id: number | null;
  actor: string;
  reason: string;
  details_json: string;
  created_at: string;
};

const EVENT_OF_ACTION: Record<AuditAction, LifecycleEventType> = {
  release: 'model_version.released',
  promote: 'champion.promoted',
  promotion_requested: 'promotion.requested',
  approved: 'promotion.approved',
  rejected: 'promotion.rejected',
  rollback: 'champion.rolled_back',
};

/** An automatic rollback (a guard tripped, no person asked) is its own event: receivers page on it. */
function eventTypeOf(entry: NewAuditEntry): LifecycleEventType {
  return entry.action === 'rollback' && entry.details?.automatic === true
    ? 'champion.rolled_back_automatically'
    : EVENT_OF_ACTION[entry.action];
}

/**
 * Who changed (or asked to change) which version is champion, and why: releases, promotions,
 * approval requests and answers, rollbacks. Callers record inside the transaction that makes
 * the change, so an entry exists exactly when the change does. Free text is stored with any
 * configured secret value replaced.
 */
export class AuditLog {
  constructor(private readonly workspace: Pick<Workspace, 'db' | 'clock' | 'config' | 'environment'>) {}

  record(entry: NewAuditEntry): number {
    const { db, clock, config, environment } = this.workspace;
    const result = prepared(
      db,
      `INSERT INTO audit_log (environment, action, model_name, from_version, to_version, decision_id, actor,
           reason, details_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      environment,
      entry.action,
      entry.modelName,
      entry.fromVersion,
      entry.toVersion,
      entry.decisionId,
      redactSecretValues(entry.actor, config),
      redactSecretValues(entry.reason, config),
      redactSecretValues(JSON.stringify(entry.details ?? {}), config),
      clock.now().toISOString(),
    );
    const id = Number(result.lastInsertRowid);
    recordLifecycleEvent(db, clock, {
      type: eventTypeOf(entry),
      modelName: entry.modelName,
      data: {
        audit_id: id,
        environment,
        from_version: entry.fromVersion,
        to_version: entry.toVersion,
        decision_id: entry.decisionId,
        actor: redactSecretValues(entry.actor, config),
        reason: redactSecretValues(entry.reason, config),
      },
    });
    return id;
  }

  /** Newest first. */
  list(options: { limit?: number; modelName?: string } = {}): AuditEntry[] {
    const rows = prepared(
      this.workspace.db,
      `SELECT * FROM audit_log WHERE (? IS NULL OR model_name = ?) ORDER BY id DESC LIMIT ?`,
    ).all(options.modelName ?? null, options.modelName ?? null, options.limit ?? 100) as AuditRow[];
    return rows.map((row) => ({
      id: row.id,
      environment: row.environment,
      action: row.action,
      modelName: row.model_name,
      fromVersion: row.from_version,
      toVersion: row.to_version,
      decisionId: row.decision_id,
      actor: row.actor,
      reason: row.reason,
      details: JSON.parse(row.details_json) as Record<string, JsonValue>,
      createdAt: row.created_at,
    }));
  }
}
