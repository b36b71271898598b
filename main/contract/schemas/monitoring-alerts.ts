/** Schemas of alerts, one evidence shape per rule (../monitoring.ts: Alert, AlertEvidenceByRule). */
import { z } from 'zod';
import type {
  Alert,
  AlertDeliveryView,
  AlertEvidenceByRule,
  AlertRule,
  AlertSeverity,
  AlertStatus,
} from '../monitoring.js';
import { PodiumErrorDataSchema } from './common.js';
import { DecisionOutcomeSchema } from './lifecycle.js';
import type { Assert, Equal } from './type-equal.js';

export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export const AlertStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);

export const alertEvidenceSchemas = {
  performance_drop: z.strictObject({
    metric: z.string(),
    baseline: z.number(),
    current: z.number(),
    version: z.number().optional(),
    window: z.string().optional(),
    details: z.strictObject({ labelled: z.number(), threshold: z.number() }).optional(),
  }),
  dataset_drift: z.strictObject({
    driftedFeatures: z.array(z.string()),
    checkedFeatures: z.number(),
    datasetId: z.string().optional(),
    version: z.number().optional(),
    details: z.strictObject({ driftReportId: z.number(), driftShare: z.number() }).optional(),
  }),
  service_down: z.strictObject({ version: z.number(), state: z.string(), error: z.string().optional() }),
  service_unhealthy: z.strictObject({
    version: z.number(),
    state: z.string(),
    restarts: z.number().optional(),
    details: z.strictObject({ process: z.literal('gateway'), pid: z.number().nullable() }).optional(),
  }),
  error_rate: z.strictObject({
    rate: z.number(),
    threshold: z.number(),
    requests: z.number(),
    version: z.number().optional(),
  }),
  shadow_test_finished: z.strictObject({
    decisionId: z.number(),
    outcome: DecisionOutcomeSchema,
    championVersion: z.number().nullable(),
    challengerVersion: z.number().nullable(),
    details: z.strictObject({ reasons: z.array(z.string()) }).optional(),
  }),
  cycle_failed: z.strictObject({
    job: z.string(),
    jobRunId: z.number().optional(),
    error: PodiumErrorDataSchema,
  }),
};

export const AlertRuleSchema = z.enum([
  'performance_drop',
  'dataset_drift',
  'service_down',
  'service_unhealthy',
  'error_rate',
  'shadow_test_finished',
  'cycle_failed',
]);

export const AlertDeliveryViewSchema = z.strictObject({
  status: z.string(),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

const alertFields = {
  id: z.number(),
  severity: AlertSeveritySchema,
  modelName: z.string().nullable(),
  title: z.string(),
  message: z.string(),
  dedupKey: z.string(),
  status: AlertStatusSchema,
  count: z.number(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  delivery: AlertDeliveryViewSchema,
};

const alertOf = <R extends AlertRule>(rule: R) =>
  z.strictObject({ ...alertFields, rule: z.literal(rule), evidence: alertEvidenceSchemas[rule] });

export const AlertSchema = z.discriminatedUnion('rule', [
  alertOf('performance_drop'),
  alertOf('dataset_drift'),
  alertOf('service_down'),
  alertOf('service_unhealthy'),
  alertOf('error_rate'),
  alertOf('shadow_test_finished'),
  alertOf('cycle_failed'),
]);

type EvidenceSchemasMatch = {
  [R in AlertRule]: Equal<z.infer<(typeof alertEvidenceSchemas)[R]>, AlertEvidenceByRule[R]>;
};

export type MonitoringAlertsTypeChecks = [
  Assert<Equal<z.infer<typeof AlertSeveritySchema>, AlertSeverity>>,
  Assert<Equal<z.infer<typeof AlertStatusSchema>, AlertStatus>>,
  Assert<Equal<z.infer<typeof AlertRuleSchema>, AlertRule>>,
  Assert<Equal<z.infer<typeof AlertDeliveryViewSchema>, AlertDeliveryView>>,
  Assert<Equal<EvidenceSchemasMatch[AlertRule], true>>,
  Assert<Equal<z.infer<typeof AlertSchema>, Alert>>,
];
