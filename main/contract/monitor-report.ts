/** `podium monitor`'s one read of everything monitoring knows about a model (its `--json` is in snake_case but for the service points and the alerts' own fields: cli/commands/monitor.ts); types of the schemas in ./schemas/monitor-report.ts. */
import type { z } from 'zod';
import type {
  EstimatedWindowSchema,
  MetricReconciliationSchema,
  MonitorReportSchema,
  PerformanceDropSchema,
  PerformanceEstimateSchema,
  PerformanceOverTimeSchema,
  PerformancePointSchema,
  PerformanceWindowSchema,
  ServiceMetricsSampleSchema,
} from './schemas/monitor-report.js';

export type PerformanceWindow = z.infer<typeof PerformanceWindowSchema>;
export type PerformancePoint = z.infer<typeof PerformancePointSchema>;
export type PerformanceOverTime = z.infer<typeof PerformanceOverTimeSchema>;
export type MetricReconciliation = z.infer<typeof MetricReconciliationSchema>;
export type EstimatedWindow = z.infer<typeof EstimatedWindowSchema>;
export type PerformanceEstimate = z.infer<typeof PerformanceEstimateSchema>;
export type PerformanceDrop = z.infer<typeof PerformanceDropSchema>;
export type ServiceMetricsSample = z.infer<typeof ServiceMetricsSampleSchema>;
export type MonitorReport = z.infer<typeof MonitorReportSchema>;
