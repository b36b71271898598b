/** Schemas of alerts, one evidence shape per rule (../monitoring.ts: Alert, AlertEvidenceByRule). */
import { z } from 'zod';
import { PodiumErrorDataSchema } from './common.js';
import { DecisionOutcomeSchema } from './lifecycle.js';

export const AlertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export const AlertStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);

/**
 * What each rule carries as evidence: the fields a reader of the alert needs to judge it, and in
 * `details` what else the check measured.
 */
export const alertEvidenceSchemas = {
  performance_drop: z.strictObject({
    metric: z.string(),
    baseline: z.number(),
    current: z.number(),
    version: z.number().optional(),
    window: z.string().optional(),
    details: z
      .strictObject({
        labelled: z.number(),
        threshold: z.number(),
        /** Set when `current` is a label-free estimate of new data (then `labelled` is 0). */
        method: z.enum(['dle', 'cbpe']).optional(),
        rows: z.number().optional(),
      })
      .optional(),
  }),
  dataset_drift: z.strictObject({
    driftedFeatures: z.array(z.string()),
    checkedFeatures: z.number(),
    datasetId: z.string().optional(),
    version: z.number().optional(),
    details: z.strictObject({ driftReportId: z.number(), driftShare: z.number() }).optional(),
  }),
  service_down: z.strictObject({ version: z.number(), state: z.string(), error: z.string().optional() }),
  /** `details` when the gateway process (not a version's service) is unhealthy: `version` is its champion. */
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
  /** A guard of the baking period tripped and the champion was rolled back without waiting for anyone. */
  champion_rolled_back: z.strictObject({
    version: z.number(),
    restoredVersion: z.number(),
    decisionId: z.number(),
    bakingPeriodId: z.number(),
    breaches: z.array(
      z.strictObject({ guard: z.string(), value: z.number(), limit: z.number(), reason: z.string() }),
    ),
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
  'champion_rolled_back',
]);

/** The webhook's delivery of one alert (`none` when no webhook is configured). */
export const AlertDeliveryViewSchema = z.strictObject({
  status: z.string(),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

/** What every alert carries, whatever its rule. */
export const AlertFieldsSchema = z.strictObject({
  id: z.number(),
  severity: AlertSeveritySchema,
  modelName: z.string().nullable(),
  title: z.string(),
  message: z.string(),
  /** Repeats of one condition share it and count up one alert. */
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
});

const alertOf = <R extends keyof typeof alertEvidenceSchemas>(rule: R) =>
  z.strictObject({ ...AlertFieldsSchema.shape, rule: z.literal(rule), evidence: alertEvidenceSchemas[rule] });

/** An alert, discriminated by `rule`: its evidence has that rule's shape. */
export const AlertSchema = z.discriminatedUnion('rule', [
  alertOf('performance_drop'),
  alertOf('dataset_drift'),
  alertOf('service_down'),
  alertOf('service_unhealthy'),
  alertOf('error_rate'),
  alertOf('shadow_test_finished'),
  alertOf('cycle_failed'),
  alertOf('champion_rolled_back'),
]);
