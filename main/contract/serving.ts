/** Model services, the gateway, their metrics and replayed traffic: types of the schemas in ./schemas/serving.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  GatewayStatusSchema,
  ReplayFailureSchema,
  ReplayReportSchema,
  ServiceHealthSchema,
  ServiceMetricsPointSchema,
  ServiceMetricsSchema,
  ServiceStatusSchema,
  ServicesOverviewSchema,
  servingOperationSchemas,
} from './schemas/serving.js';

/** `<model>:<version>`, e.g. `sales:3`. */
export type ServiceId = string;

export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;
export type GatewayStatus = z.infer<typeof GatewayStatusSchema>;
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;
export type ServicesOverview = z.infer<typeof ServicesOverviewSchema>;
export type ServiceMetricsPoint = z.infer<typeof ServiceMetricsPointSchema>;
export type ServiceMetrics = z.infer<typeof ServiceMetricsSchema>;
export type ReplayFailure = z.infer<typeof ReplayFailureSchema>;
export type ReplayReport = z.infer<typeof ReplayReportSchema>;
export type ServingOperations = OperationsOf<typeof servingOperationSchemas>;
