/** Drift reports, scheduled jobs and their runs, alerts: types of the schemas in ./schemas/monitoring*.ts. */
import type { z } from 'zod';
import type { DataQualityCheckSchema, DataQualityReferenceSchema } from './schemas/data-quality.js';
import type {
  DriftChunkingSchema,
  DriftChunkSchema,
  DriftPeriodSchema,
  DriftReportSchema,
  DriftStatusSchema,
  FeatureDriftSchema,
  MultivariateDriftSchema,
  monitoringOperationSchemas,
  StoredDriftReportSchema,
} from './schemas/monitoring.js';
import type {
  AlertDeliveryViewSchema,
  AlertFieldsSchema,
  AlertRuleSchema,
  AlertSchema,
  AlertSeveritySchema,
  AlertStatusSchema,
  alertEvidenceSchemas,
} from './schemas/monitoring-alerts.js';
import type {
  CleanupRunSummarySchema,
  CustomJobRunSummarySchema,
  CycleRunSummarySchema,
  JobRunSchema,
  JobRunSummarySchema,
  LockBusyRunSummarySchema,
  MaintenanceRunSummarySchema,
  ScheduledJobSchema,
} from './schemas/monitoring-jobs.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type DriftStatus = z.infer<typeof DriftStatusSchema>;
export type FeatureDrift = z.infer<typeof FeatureDriftSchema>;
export type DriftReport = z.infer<typeof DriftReportSchema>;
export type DriftPeriod = z.infer<typeof DriftPeriodSchema>;
export type DriftChunk = z.infer<typeof DriftChunkSchema>;
export type DriftChunking = z.infer<typeof DriftChunkingSchema>;
export type MultivariateDrift = z.infer<typeof MultivariateDriftSchema>;
export type StoredDriftReport = z.infer<typeof StoredDriftReportSchema>;
export type DataQualityCheck = z.infer<typeof DataQualityCheckSchema>;
export type DataQualityReference = z.infer<typeof DataQualityReferenceSchema>;

export type JobRun = z.infer<typeof JobRunSchema>;
export type CycleRunSummary = z.infer<typeof CycleRunSummarySchema>;
export type CleanupRunSummary = z.infer<typeof CleanupRunSummarySchema>;
export type MaintenanceRunSummary = z.infer<typeof MaintenanceRunSummarySchema>;
export type LockBusyRunSummary = z.infer<typeof LockBusyRunSummarySchema>;
export type CustomJobRunSummary = z.infer<typeof CustomJobRunSummarySchema>;
export type JobRunSummary = z.infer<typeof JobRunSummarySchema>;
export type ScheduledJob = z.infer<typeof ScheduledJobSchema>;

export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;
export type AlertStatus = z.infer<typeof AlertStatusSchema>;
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export type AlertEvidenceByRule = { [R in AlertRule]: z.infer<(typeof alertEvidenceSchemas)[R]> };
export type AlertEvidence = AlertEvidenceByRule[AlertRule];
export type AlertDeliveryView = z.infer<typeof AlertDeliveryViewSchema>;
export type AlertFields = z.infer<typeof AlertFieldsSchema>;
export type Alert = z.infer<typeof AlertSchema>;

export type MonitoringOperations = OperationsOf<typeof monitoringOperationSchemas>;
