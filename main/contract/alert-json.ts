import type { Alert } from './monitoring.js';

/**
 * An alert in snake_case, as the rest of Podium's JSON: what a webhook receiver gets and what
 * `podium alerts --json` starts with.
 */
export function alertSummary(alert: Omit<Alert, 'delivery'>): Record<string, unknown> {
  return {
    id: alert.id,
    rule: alert.rule,
    severity: alert.severity,
    model_name: alert.modelName,
    title: alert.title,
    message: alert.message,
    evidence: alert.evidence,
    dedup_key: alert.dedupKey,
    status: alert.status,
    count: alert.count,
    created_at: alert.createdAt,
  };
}
