import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

export type ApprovalVerdict = 'approved' | 'rejected';

export type RecordedApproval = { verdict: ApprovalVerdict; actor: string; createdAt: string };

/** An approver's answer to a decision awaiting approval; each decision gets at most one. */
export class ApprovalStore {
  constructor(private readonly db: Db) {}

  answerTo(decisionId: number): RecordedApproval | null {
    const row = prepared(
      this.db,
      'SELECT verdict, actor, created_at FROM approvals WHERE decision_id = ?',
    ).get(decisionId) as { verdict: ApprovalVerdict; actor: string; created_at: string } | undefined;
    return row ? { verdict: row.verdict, actor: row.actor, createdAt: row.created_at } : null;
  }

  record(answer: {
    decisionId: number;
    verdict: ApprovalVerdict;
    actor: string;
    reason: string;
    at: string;
  }): void {
    prepared(
      this.db,
      'INSERT INTO approvals (decision_id, verdict, actor, reason, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(answer.decisionId, answer.verdict, answer.actor, answer.reason, answer.at);
  }
}
