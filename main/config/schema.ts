import { z } from 'zod';
import { MODEL_NAME_PATTERN, MODEL_NAME_RULE } from '../common/version-ref.js';
import { LifecycleEventTypeSchema } from '../contract/schemas/lifecycle-events.js';

/**
 * The config's shape. Every section is strict so a misspelt key is an error, not a silently
 * ignored setting. Defaults live in config/config.yaml, not here, so there is one place to read
 * them; the schema only says what is allowed.
 */
const metricName = z.enum([
  'accuracy',
  'precision',
  'recall',
  'f1_score',
  'roc_auc',
  'log_loss',
  'r2',
  'rmse',
  'mae',
  'mape',
]);

/** Who may approve a promotion, and whether one must. Actor names as `--actor` or the OS user give them. */
const approvalSettings = {
  /** A promotion waits for `podium approve <decision-id>` by one of the approvers. */
  require_approval: z.boolean(),
  approvers: z.array(z.string().min(1)),
};

export const configSchema = z.strictObject({
  data: z.strictObject({
    raw_dir: z.string(),
    incoming_dir: z.string(),
    target_column: z.string().min(1),
  }),
  training: z.strictObject({
    /** Empty: a training's model is named by --model, else by its data file (churn.csv → churn). */
    model_name: z.union([z.literal(''), z.string().regex(MODEL_NAME_PATTERN, MODEL_NAME_RULE)]),
    model_type: z.enum(['auto', 'linear', 'ecd', 'gbm', 'random_forest']),
    seed: z.number().int().nonnegative(),
    model_config: z.string(),
  }),
  tracking: z.strictObject({
    experiment_name: z.string().min(1),
    run_retention_days: z.number().positive(),
  }),
  champion_challenger: z.strictObject({
    evaluation_metrics: z.array(metricName).min(1),
    primary_metric: metricName,
    champion_threshold: z.number().min(0),
    max_metric_regression: z.number().min(0),
    shadow_testing: z.boolean(),
    shadow_mode_duration: z.number().positive(),
    shadow_min_samples: z.number().int().positive(),
    /** One-sided error rate of a shadow test's decision: the false-promotion rate it holds. */
    shadow_significance: z.number().gt(0).lt(0.5),
    auto_promotion: z.boolean(),
  }),
  monitoring: z.strictObject({
    /** PSI at or above psi_drift is drift, at or above psi_warning a warning. */
    psi_drift: z.number().positive(),
    psi_warning: z.number().positive(),
    p_value: z.number().gt(0).lt(1),
    /** Dataset drift when this share of the features drifted. */
    drift_share: z.number().gt(0).max(1),
    /** Above this many rows, verdicts rest on effect sizes; p-values are reported beside them. */
    large_sample: z.number().int().positive(),
    wasserstein_drift: z.number().positive(),
    js_drift: z.number().positive(),
    correction: z.enum(['bh', 'bonferroni', 'none']),
    /** Relative fall of the primary metric against its evaluation value that raises an alert. */
    performance_drop_threshold: z.number().gt(0).lt(1),
    /** Labelled requests a window needs before its metrics are judged. */
    min_labelled: z.number().int().positive(),
    /** Service latency, throughput, errors, CPU and memory: sampled this often while serving. */
    service_metrics_interval_seconds: z.number().int().positive(),
    service_metrics_scrape_timeout_ms: z.number().int().positive(),
    /** Raw samples are kept this long, then only 1-minute aggregates. */
    service_metrics_raw_retention_hours: z.number().positive(),
    service_metrics_minute_retention_days: z.number().positive(),
    /** The app's own Prometheus /metrics on 127.0.0.1 while serving; 0 turns it off. */
    metrics_port: z.number().int().min(0).max(65535),
    /** Scheduled drift checks of new data also check each period of this date column; empty: the whole file only. */
    drift_by: z.string(),
    drift_every: z.enum(['day', 'week', 'month']),
    /** A period with fewer rows gets no drift verdict (too_few_rows). */
    drift_min_chunk_rows: z.number().int().min(1),
    /** Scheduled checks of new data also estimate the champion's performance on it without labels. */
    estimate_new_data: z.boolean(),
  }),
  scheduler: z.strictObject({
    enabled: z.boolean(),
    cycle_cron: z.string().min(1),
    /** IANA time zone for the crons; the machine's own when absent. */
    timezone: z.string().min(1).optional(),
    /** A cycle's lock lease: a crashed run blocks the next one at most this long. */
    lock_lease_seconds: z.number().int().min(10),
    /** Run once at start what was missed while the app was closed. */
    catch_up: z.boolean(),
    /** Empty turns the job off. */
    cleanup_cron: z.string(),
    maintenance_cron: z.string(),
    history_retention_days: z.number().positive(),
  }),
  /**
   * Guarded rollout: after every promotion the new champion bakes for `baking_period` while
   * guards watch it; a breach rolls it back automatically (main/lifecycle/guarded-rollout/).
   */
  rollout: z.strictObject({
    /** How long a new champion is watched: a number and a unit, e.g. 90s, 30m, 1h, 1d. */
    baking_period: z
      .string()
      .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a number and a unit (ms, s, m, h or d), e.g. 1h'),
    /** How often the scheduler checks the guards while a champion bakes; empty turns the watch off. */
    check_cron: z.string(),
    /** Share of 5xx answers the gateway may give during baking. */
    max_5xx_rate: z.number().gt(0).lt(1),
    /** Latency p99 in milliseconds callers may see during baking; 0 turns the guard off. */
    max_latency_p99_ms: z.number().min(0),
    /** p99 relative to the previous champion's over as long a time before the promotion; 0 off. */
    max_latency_p99_ratio: z.number().min(0),
    /** Relative fall of the primary metric against the champion's evaluation value. */
    max_metric_drop: z.number().gt(0).lt(1),
    /** Requests a guard needs before it gives a verdict (fewer: "too little traffic"). */
    min_requests: z.number().int().positive(),
    /** Labels needed to judge the realised metric; with fewer, classifiers use the CBPE estimate. */
    min_labelled: z.number().int().positive(),
  }),
  alerts: z.strictObject({
    /** A secret (it often carries a token): set it in config.local.yaml or PODIUM_ALERTS_WEBHOOK_URL. */
    webhook_url: z.string().url().optional(),
    webhook_attempts: z.number().int().min(1).max(20),
    webhook_base_delay_ms: z.number().int().min(0),
    webhook_max_delay_ms: z.number().int().min(0),
    webhook_timeout_ms: z.number().int().positive(),
    webhook_queue_limit: z.number().int().positive(),
    /** Share of failed requests per service above which an error_rate alert is raised. */
    error_rate_limit: z.number().gt(0).lt(1),
  }),
  /**
   * Registry and lifecycle events sent to a webhook, signed with HMAC-SHA256. The URL and the
   * secret are secrets: config.local.yaml or PODIUM_EVENTS_WEBHOOK_URL / PODIUM_EVENTS_WEBHOOK_SECRET.
   */
  events: z.strictObject({
    webhook_url: z.string().url().optional(),
    /** The key receivers verify the signature with; at least 16 characters. */
    webhook_secret: z.string().min(16).optional(),
    /** The event types sent; empty sends every type. */
    webhook_types: z.array(LifecycleEventTypeSchema),
    webhook_attempts: z.number().int().min(1).max(30),
    webhook_base_delay_ms: z.number().int().min(0),
    webhook_max_delay_ms: z.number().int().min(0),
    webhook_timeout_ms: z.number().int().positive(),
  }),
  serving: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    runtime: z.enum(['process', 'docker']),
    /** Model services take ports from here upwards, one per running version. */
    service_port_start: z.number().int().min(1024).max(65000),
    batch_limit: z.number().int().positive(),
    /** Mirrored requests waiting per shadow before new ones are dropped. */
    mirror_queue_limit: z.number().int().positive(),
    docker_base_image: z.string().min(1),
    auth_token: z.string().min(16).optional(),
  }),
  /** The dev environment serves with the serving section as it is; only its approval rules live here. */
  dev: z.strictObject(approvalSettings),
  /**
   * The prod environment: its own workspace folder, ports and token, which replace the serving
   * section's in prod so a prod gateway never shares a port or a token with dev.
   */
  prod: z.strictObject({
    /** The prod workspace folder; empty means the dev workspace's folder with "-prod" appended. */
    workspace: z.string(),
    serving_port: z.number().int().min(1).max(65535),
    service_port_start: z.number().int().min(1024).max(65000),
    /** The app's Prometheus /metrics while prod serves (dev uses monitoring.metrics_port); 0 turns it off. */
    metrics_port: z.number().int().min(0).max(65535),
    /** A secret: config.local.yaml or PODIUM_PROD_SERVING_AUTH_TOKEN. Prod serving refuses to start without it. */
    serving_auth_token: z.string().min(16).optional(),
    ...approvalSettings,
  }),
});

export type PodiumConfig = z.infer<typeof configSchema>;
export type MetricName = z.infer<typeof metricName>;

/** Keys whose values are secrets: redacted wherever config is shown. */
export const SECRET_KEYS = new Set([
  'serving.auth_token',
  'alerts.webhook_url',
  'events.webhook_url',
  'events.webhook_secret',
  'prod.serving_auth_token',
]);
