import type {
  AlertDeliveryView,
  AlertEvidence,
  AlertEvidenceByRule,
  AlertFields,
  AlertRule,
  AlertSeverity,
  AlertStatus,
} from '../../contract/index.js';

export type { AlertSeverity, AlertStatus };
export type DeliveryStatus = 'none' | 'pending' | 'delivered' | 'failed';

// One definition, in the contract the views read: a rule's evidence has one shape everywhere.
export type { AlertEvidence, AlertEvidenceByRule, AlertRule };

export const ALERT_RULES: readonly AlertRule[] = [
  'performance_drop',
  'dataset_drift',
  'service_down',
  'service_unhealthy',
  'error_rate',
  'shadow_test_finished',
  'cycle_failed',
  'champion_rolled_back',
];

/** Used when a caller does not say: a finished shadow test is news, a dead service is not. */
export const DEFAULT_SEVERITY: Record<AlertRule, AlertSeverity> = {
  performance_drop: 'warning',
  dataset_drift: 'warning',
  service_down: 'critical',
  service_unhealthy: 'warning',
  error_rate: 'warning',
  shadow_test_finished: 'info',
  cycle_failed: 'warning',
  champion_rolled_back: 'critical',
};

/** A new alert, discriminated by rule so its evidence is checked against that rule's shape. */
export type NewAlert = {
  [R in AlertRule]: {
    rule: R;
    evidence: AlertEvidenceByRule[R];
    severity?: AlertSeverity;
    modelName?: string | null;
    title: string;
    message: string;
    /** Repeats with the same key while unresolved count up one alert; default `rule:model`. */
    dedupKey?: string;
  };
}[AlertRule];

export type AlertDelivery = Omit<AlertDeliveryView, 'status'> & { status: DeliveryStatus };

/** The contract's alert fields, with the rule's evidence and the delivery as the store keeps them. */
export type AlertRecord = Omit<AlertFields, 'delivery'> & {
  rule: AlertRule;
  /** The evidence of `rule` (the store writes it only from a `NewAlert`, which pairs the two). */
  evidence: AlertEvidence;
  delivery: AlertDelivery;
};

export type RaisedAlert = { alert: AlertRecord; isNew: boolean };

export function defaultDedupKey(alert: Pick<NewAlert, 'rule' | 'modelName'>): string {
  return `${alert.rule}:${alert.modelName ?? '-'}`;
}
