import { z } from 'zod';

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

export const configSchema = z.strictObject({
  data: z.strictObject({
    raw_dir: z.string(),
    incoming_dir: z.string(),
    target_column: z.string().min(1),
  }),
  training: z.strictObject({
    model_name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        'letters, digits, dot, dash or underscore, starting with a letter or digit',
      ),
    model_type: z.enum(['auto', 'linear', 'ecd']),
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
  scheduler: z.strictObject({
    enabled: z.boolean(),
    cycle_cron: z.string().min(1),
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
});

export type PodiumConfig = z.infer<typeof configSchema>;
export type MetricName = z.infer<typeof metricName>;

/** Keys whose values are secrets: redacted wherever config is shown. */
export const SECRET_KEYS = new Set(['serving.auth_token']);
