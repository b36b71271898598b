/** Schemas of model services, the gateway, their metrics and replayed traffic (../serving.ts). */
import { z } from 'zod';
import { CsvDialectOptionsSchema, EmptyInputSchema, JobStartedSchema } from './common.js';

const runtime = z.enum(['process', 'docker']);

export const ServiceStatusSchema = z.strictObject({
  serviceId: z.string(),
  model: z.string(),
  version: z.number(),
  role: z.enum(['champion', 'shadow']),
  runtime,
  desiredState: z.enum(['running', 'stopped']),
  /** starting, healthy, unhealthy, stopped, failed, requested, … as the serving process reports it. */
  state: z.string(),
  url: z.string().nullable(),
  restarts: z.number(),
  logFile: z.string().nullable(),
  updatedAt: z.string(),
});

/** A service as the serving process recorded it, with its `/health` answer probed now. */
export const ServiceHealthSchema = z.strictObject({
  ...ServiceStatusSchema.shape,
  /** The child's pid or the container id. */
  handle: z.string().nullable(),
  /** Asked for by hand (`podium services start`), not only served for its role. */
  pinned: z.boolean(),
  /** healthy, unhealthy (status), unreachable, or - when it should not be running. */
  health: z.string(),
});

export const GatewayStatusSchema = z.strictObject({
  model: z.string(),
  /** Null when no gateway for this model runs in this process. */
  url: z.string().nullable(),
  running: z.boolean(),
  runtime,
});

export const ServicesOverviewSchema = z.strictObject({
  gateways: z.array(GatewayStatusSchema),
  services: z.array(ServiceStatusSchema),
});

export const ServiceMetricsPointSchema = z.strictObject({
  at: z.string(),
  throughput: z.number().nullable(),
  requests: z.number().nullable(),
  errors: z.number().nullable(),
  errorRate: z.number().nullable(),
  clientErrors: z.number().nullable(),
  clientErrorRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  up: z.boolean(),
});

const resolution = z.enum(['raw', 'minute']);

export const ServiceMetricsSchema = z.strictObject({
  serviceId: z.string(),
  resolution,
  points: z.array(ServiceMetricsPointSchema),
});

/** Requests of a replay that failed alike: same route, status and error code. */
export const ReplayFailureSchema = z.strictObject({
  /** /predict, or /feedback when a row's label was refused. */
  route: z.enum(['/predict', '/feedback']),
  /** The HTTP status, or 0 when no answer came (connection refused, timed out). */
  status: z.number(),
  /** The answer's error code (INVALID_INPUT, …), or the network error's. */
  code: z.string(),
  count: z.number(),
  /** The first few distinct messages, each with the CSV line of its row. */
  examples: z.array(z.string()),
});

/** What a `replay` job's `job.done` event carries. */
export const ReplayReportSchema = z.strictObject({
  sent: z.number(),
  ok: z.number(),
  failed: z.number(),
  labelled: z.number(),
  seconds: z.number(),
  statuses: z.record(z.string(), z.number()),
  failures: z.array(ReplayFailureSchema),
});

/**
 * Inputs of the operations served by main/serving/handlers.ts (services.metrics:
 * main/monitoring/service-metrics-handlers.ts).
 */
const serviceId = z.string().regex(/^.+:\d+$/, 'expected <model>:<version>, e.g. sales:3');

export const servingOperationSchemas = {
  'services.status': { input: EmptyInputSchema, output: ServicesOverviewSchema },
  /** Starts a gateway with the champion and every running shadow test's challenger behind it. */
  'services.start': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      runtime: runtime.optional(),
      gatewayPort: z.number().int().min(1).max(65_535).optional(),
    }),
    output: ServicesOverviewSchema,
  },
  /** Stops the gateway and services of one model, or of every model started here. */
  'services.stop': {
    input: z.strictObject({ model: z.string().min(1).optional() }),
    output: ServicesOverviewSchema,
  },
  /** Every recorded service of every model, wherever it runs (a `podium serve` in another process too). */
  'services.list': {
    input: z.strictObject({ model: z.string().min(1).optional() }),
    output: z.array(ServiceHealthSchema),
  },
  /**
   * Asks the serving process (here or a `podium serve` elsewhere) to run or stop a version's
   * service; it acts on its next reconcile.
   */
  'services.setDesired': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
      desired: z.enum(['running', 'stopped']),
    }),
    output: ServiceStatusSchema,
  },
  'services.restart': { input: z.strictObject({ serviceId }), output: ServicesOverviewSchema },
  'services.logs': {
    input: z.strictObject({ serviceId, lines: z.number().int().min(1).max(5_000).optional() }),
    output: z.strictObject({
      serviceId: z.string(),
      file: z.string().nullable(),
      lines: z.array(z.string()),
    }),
  },
  'services.metrics': {
    input: z.strictObject({
      serviceId,
      resolution: resolution.optional(),
      sinceMinutes: z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 30)
        .optional(),
    }),
    output: ServiceMetricsSchema,
  },
  /**
   * The CLI's `podium replay`: sends a CSV on this machine's disk through a gateway (default: the
   * configured serving address) as live traffic with labels; the report arrives in `job.done`.
   */
  'replay.file': {
    input: z.strictObject({
      /** Absolute path of the CSV. */
      file: z.string().min(1),
      rate: z.number().positive().max(10_000),
      labelColumn: z.string().min(1).optional(),
      durationSeconds: z.number().positive().optional(),
      limit: z.number().int().min(1).optional(),
      gatewayUrl: z.string().url().optional(),
      dialect: CsvDialectOptionsSchema.optional(),
      model: z.string().min(1).optional(),
    }),
    output: JobStartedSchema,
  },
  /** Sends a dataset's rows through the model's running gateway as live traffic (with labels). */
  'replay.start': {
    input: z.strictObject({
      datasetId: z.string().min(1),
      rate: z.number().positive().max(10_000),
      labelColumn: z.string().min(1).optional(),
      limit: z.number().int().min(1).optional(),
      model: z.string().min(1).optional(),
    }),
    output: JobStartedSchema,
  },
};
