import type { Alert } from '../../contract/index.js';
import type { AlertRecord } from './types.js';

/** An alert as the contract's plain data: only what the views need, nothing internal. */
export function toAlert(record: AlertRecord): Alert {
  // The record's rule and evidence were stored together from one `NewAlert`, so they pair up;
  // the compiler cannot follow that through the database, hence the one assertion.
  return {
    id: record.id,
    rule: record.rule,
    severity: record.severity,
    modelName: record.modelName,
    title: record.title,
    message: record.message,
    evidence: record.evidence,
    dedupKey: record.dedupKey,
    status: record.status,
    count: record.count,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    acknowledgedAt: record.acknowledgedAt,
    acknowledgedBy: record.acknowledgedBy,
    resolvedAt: record.resolvedAt,
    resolvedBy: record.resolvedBy,
    delivery: { ...record.delivery },
  } as Alert;
}
