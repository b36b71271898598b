import type { PodiumErrorData } from '../../contract/errors.js';
import type { Alert, AlertDeliveryView, AlertSeverity, AlertStatus } from '../../contract/index.js';

export type { AlertSeverity, AlertStatus };
export type DeliveryStatus = 'none' | 'pending' | 'delivered' | 'failed';

/**
 * What each rule carries as evidence. The named fields are the ones a reader of the alert needs
 * to judge it; `details` leaves room for whatever else the check measured.
 */
export type AlertEvidenceByRule = {
  performance_drop: {
    metric: string;
    baseline: number;
    current: number;
    version?: number;
    window?: string;
    details?: Record<string, unknown>;
  };
  dataset_drift: {
    drifted_features: string[];
    checked_features: number;
    dataset_id?: string;
    version?: number;
    details?: Record<string, unknown>;
  };
  service_down: {
    version: number;
    state: string;
    error?: string;
    details?: Record<string, unknown>;
  };
  service_unhealthy: {
    version: number;
    state: string;
    restarts?: number;
    details?: Record<string, unknown>;
  };
  error_rate: {
    rate: number;
    threshold: number;
    requests: number;
    version?: number;
    details?: Record<string, unknown>;
  };
  shadow_test_finished: {
    decision_id: number;
    outcome: string;
    champion_version: number | null;
    challenger_version: number | null;
    details?: Record<string, unknown>;
  };
  cycle_failed: {
    job: string;
    job_run_id?: number;
    error: PodiumErrorData;
    details?: Record<string, unknown>;
  };
};

export type AlertRule = keyof AlertEvidenceByRule;

export const ALERT_RULES: readonly AlertRule[] = [
  'performance_drop',
  'dataset_drift',
  'service_down',
  'service_unhealthy',
  'error_rate',
  'shadow_test_finished',
  'cycle_failed',
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

/** The contract's alert, with the rule and the delivery typed as the alert store keeps them. */
export type AlertRecord = Omit<Alert, 'rule' | 'delivery'> & { rule: AlertRule; delivery: AlertDelivery };

export type RaisedAlert = { alert: AlertRecord; isNew: boolean };

export function defaultDedupKey(alert: Pick<NewAlert, 'rule' | 'modelName'>): string {
  return `${alert.rule}:${alert.modelName ?? '-'}`;
}
