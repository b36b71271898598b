/** Schemas of model services, the gateway, their metrics and replayed traffic (../serving.ts). */
import { z } from 'zod';
import type {
  GatewayStatus,
  ReplayFailure,
  ReplayReport,
  ServiceHealth,
  ServiceMetrics,
  ServiceMetricsPoint,
  ServiceStatus,
  ServicesOverview,
  ServingOperations,
} from '../serving.js';
import { CsvDialectOptionsSchema, EmptyInputSchema, JobStartedSchema } from './common.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

const runtime = z.enum(['process', 'docker']);

export const ServiceStatusSchema = z.strictObject({
  serviceId: z.string(),
  model: z.string(),
  version: z.number(),
  role: z.enum(['champion', 'shadow']),
  runtime,
  desiredState: z.enum(['running', 'stopped']),
  state: z.string(),
  url: z.string().nullable(),
  restarts: z.number(),
  logFile: z.string().nullable(),
  updatedAt: z.string(),
});

export const ServiceHealthSchema = z.strictObject({
  ...ServiceStatusSchema.shape,
  handle: z.string().nullable(),
  pinned: z.boolean(),
  health: z.string(),
});

export const GatewayStatusSchema = z.strictObject({
  model: z.string(),
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

export const ReplayFailureSchema = z.strictObject({
  route: z.enum(['/predict', '/feedback']),
  status: z.number(),
  code: z.string(),
  count: z.number(),
  examples: z.array(z.string()),
});

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
  'services.start': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      runtime: runtime.optional(),
      gatewayPort: z.number().int().min(1).max(65_535).optional(),
    }),
    output: ServicesOverviewSchema,
  },
  'services.stop': {
    input: z.strictObject({ model: z.string().min(1).optional() }),
    output: ServicesOverviewSchema,
  },
  'services.list': {
    input: z.strictObject({ model: z.string().min(1).optional() }),
    output: z.array(ServiceHealthSchema),
  },
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
  'replay.file': {
    input: z.strictObject({
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

export type ServingTypeChecks = [
  Assert<Equal<z.infer<typeof ServiceStatusSchema>, ServiceStatus>>,
  Assert<Equal<z.infer<typeof ServiceHealthSchema>, ServiceHealth>>,
  Assert<Equal<z.infer<typeof GatewayStatusSchema>, GatewayStatus>>,
  Assert<Equal<z.infer<typeof ServicesOverviewSchema>, ServicesOverview>>,
  Assert<Equal<z.infer<typeof ServiceMetricsPointSchema>, ServiceMetricsPoint>>,
  Assert<Equal<z.infer<typeof ServiceMetricsSchema>, ServiceMetrics>>,
  Assert<Equal<z.infer<typeof ReplayFailureSchema>, ReplayFailure>>,
  Assert<Equal<z.infer<typeof ReplayReportSchema>, ReplayReport>>,
  NoneOf<OperationMismatches<ServingOperations, typeof servingOperationSchemas>>,
];
