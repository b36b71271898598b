/** Registry safety: doctor, backup, and the portable export/import of one version; types of the schemas in ./schemas/maintenance.ts. */
import type { z } from 'zod';
import type {
  BackupReportSchema,
  DoctorFindingCheckSchema,
  DoctorFindingSchema,
  DoctorReportSchema,
  ExportReportSchema,
  ImportReportSchema,
  MlflowImportReportSchema,
  maintenanceOperationSchemas,
} from './schemas/maintenance.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type DoctorFindingCheck = z.infer<typeof DoctorFindingCheckSchema>;
export type DoctorFinding = z.infer<typeof DoctorFindingSchema>;
export type DoctorReport = z.infer<typeof DoctorReportSchema>;
export type BackupReport = z.infer<typeof BackupReportSchema>;
export type ExportReport = z.infer<typeof ExportReportSchema>;
export type ImportReport = z.infer<typeof ImportReportSchema>;
export type MlflowImportReport = z.infer<typeof MlflowImportReportSchema>;
export type MaintenanceOperations = OperationsOf<typeof maintenanceOperationSchemas>;
