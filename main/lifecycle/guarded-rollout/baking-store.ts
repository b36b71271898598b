import type { Clock } from '../../common/clock.js';
import type { BakingPeriod, BakingStatus, GuardResult } from '../../contract/index.js';
import type { Db } from '../../db/index.js';
import { prepared } from '../../db/statements.js';

type BakingRow = {
  id: number;
  model_name: string;
  version: number;
  version_id: number;
  previous_version: number | null;
  promotion_transition_id: number;
  promotion_decision_id: number | null;
  started_at: string;
  ends_at: string;
  status: BakingStatus;
  last_checked_at: string | null;
  guards_json: string;
  breach_json: string | null;
  rollback_decision_id: number | null;
  ended_at: string | null;
};

/** A baking period with what the store keeps beside the contract's view of it. */
export type BakingRecord = BakingPeriod & { versionId: number; promotionTransitionId: number };

export type NewBakingPeriod = {
  modelName: string;
  version: number;
  versionId: number;
  previousVersion: number | null;
  promotionTransitionId: number;
  promotionDecisionId: number | null;
  startedAt: string;
  endsAt: string;
};

/** One baking period per promotion: opened when a guard check first sees the promotion, ended once. */
export class BakingStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Opens the period, or returns the one another process opened for the same promotion. */
  open(period: NewBakingPeriod): BakingRecord {
    prepared(
      this.db,
      `INSERT INTO baking_periods (model_name, version, version_id, previous_version, promotion_transition_id,
         promotion_decision_id, started_at, ends_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'baking')
       ON CONFLICT (promotion_transition_id) DO NOTHING`,
    ).run(
      period.modelName,
      period.version,
      period.versionId,
      period.previousVersion,
      period.promotionTransitionId,
      period.promotionDecisionId,
      period.startedAt,
      period.endsAt,
    );
    return this.forPromotion(period.promotionTransitionId)!;
  }

  forPromotion(transitionId: number): BakingRecord | null {
    const row = prepared(this.db, 'SELECT * FROM baking_periods WHERE promotion_transition_id = ?').get(
      transitionId,
    ) as BakingRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The model's period still baking, if any (at most one: a partial unique index says so). */
  baking(modelName: string): BakingRecord | null {
    const row = prepared(
      this.db,
      "SELECT * FROM baking_periods WHERE model_name = ? AND status = 'baking'",
    ).get(modelName) as BakingRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Newest first. */
  list(modelName: string, limit = 20): BakingRecord[] {
    const rows = prepared(
      this.db,
      'SELECT * FROM baking_periods WHERE model_name = ? ORDER BY id DESC LIMIT ?',
    ).all(modelName, limit) as BakingRow[];
    return rows.map(fromRow);
  }

  /** The latest check's guards, while the period bakes on. */
  recordCheck(id: number, guards: GuardResult[]): void {
    prepared(this.db, 'UPDATE baking_periods SET last_checked_at = ?, guards_json = ? WHERE id = ?').run(
      this.clock.now().toISOString(),
      JSON.stringify(guards),
      id,
    );
  }

  /**
   * Ends a baking period with its last check. Only a period still baking ends: a second process
   * that checked at the same moment finds it ended and changes nothing (returns false).
   */
  end(
    id: number,
    outcome: {
      status: Exclude<BakingStatus, 'baking'>;
      guards: GuardResult[];
      breaches?: GuardResult[];
      rollbackDecisionId?: number;
    },
  ): boolean {
    const now = this.clock.now().toISOString();
    const result = prepared(
      this.db,
      `UPDATE baking_periods SET status = ?, last_checked_at = ?, guards_json = ?, breach_json = ?,
         rollback_decision_id = ?, ended_at = ?
       WHERE id = ? AND status = 'baking'`,
    ).run(
      outcome.status,
      now,
      JSON.stringify(outcome.guards),
      outcome.breaches ? JSON.stringify(outcome.breaches) : null,
      outcome.rollbackDecisionId ?? null,
      now,
      id,
    );
    return result.changes === 1;
  }

  get(id: number): BakingRecord | null {
    const row = prepared(this.db, 'SELECT * FROM baking_periods WHERE id = ?').get(id) as
      | BakingRow
      | undefined;
    return row ? fromRow(row) : null;
  }
}

function fromRow(row: BakingRow): BakingRecord {
  return {
    id: row.id,
    model: row.model_name,
    version: row.version,
    versionId: row.version_id,
    previousVersion: row.previous_version,
    promotionTransitionId: row.promotion_transition_id,
    status: row.status,
    startedAt: row.started_at,
    endsAt: row.ends_at,
    lastCheckedAt: row.last_checked_at,
    guards: JSON.parse(row.guards_json) as GuardResult[],
    breaches: row.breach_json ? (JSON.parse(row.breach_json) as GuardResult[]) : [],
    promotionDecisionId: row.promotion_decision_id,
    rollbackDecisionId: row.rollback_decision_id,
    endedAt: row.ended_at,
  };
}
