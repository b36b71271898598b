import { snakeCaseName, toSnakeCaseDocument } from '../../contract/documented-json.js';
import type { Alert, AlertFields, JsonValue } from '../../contract/index.js';
import { AlertSchema } from '../../contract/schemas/index.js';
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

/** What changes after an alert is raised, and so stays out of what a receiver gets. */
const AFTER_RAISING = new Set(
  (
    [
      'lastSeenAt',
      'acknowledgedAt',
      'acknowledgedBy',
      'resolvedAt',
      'resolvedBy',
      'delivery',
    ] satisfies (keyof AlertFields)[]
  ).map(snakeCaseName),
);

/** The alert as it was raised, in the snake_case of `podium alerts --json` (contract/documented-json.ts). */
export function alertAsRaised(alert: AlertRecord): Record<string, JsonValue> {
  const document = toSnakeCaseDocument(AlertSchema, toAlert(alert)) as Record<string, JsonValue>;
  return Object.fromEntries(Object.entries(document).filter(([field]) => !AFTER_RAISING.has(field)));
}
