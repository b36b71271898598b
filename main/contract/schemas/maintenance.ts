/** Schemas of doctor, backup, and the export and import of one version (../maintenance.ts). */
import { z } from 'zod';
import type {
  BackupReport,
  DoctorFinding,
  DoctorFindingCheck,
  DoctorReport,
  ExportReport,
  ImportReport,
  MaintenanceOperations,
} from '../maintenance.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const DoctorFindingCheckSchema = z.enum(['database', 'champion', 'package', 'orphan', 'run', 'temp']);

export const DoctorFindingSchema = z.strictObject({
  check: DoctorFindingCheckSchema,
  severity: z.enum(['problem', 'notice']),
  what: z.string(),
  where: z.string(),
  repairable: z.boolean(),
  repaired: z.boolean(),
  action: z.string().nullable(),
  repairError: z.string().nullable(),
});

export const DoctorReportSchema = z.strictObject({
  workspace: z.string(),
  repair: z.boolean(),
  findings: z.array(DoctorFindingSchema),
  problems: z.number(),
  repaired: z.number(),
  remaining: z.number(),
});

export const BackupReportSchema = z.strictObject({
  file: z.string(),
  created_at: z.string(),
  files: z.number(),
  bytes: z.number(),
  versions: z.number(),
});

export const ExportReportSchema = z.strictObject({
  file: z.string(),
  model: z.string(),
  version: z.number(),
  package_sha256: z.string(),
  files: z.number(),
  dataset_included: z.boolean(),
});

export const ImportReportSchema = z.strictObject({
  file: z.string(),
  model: z.string(),
  version: z.number(),
  stage: z.string(),
  package_path: z.string(),
  package_sha256: z.string(),
  source: z.strictObject({ model: z.string(), version: z.number(), package_sha256: z.string() }),
  dataset_included: z.boolean(),
  warnings: z.array(z.string()),
});

/** Inputs of the operations served by main/maintenance/handlers.ts. */
const file = z.string().trim().min(1);

export const maintenanceOperationSchemas = {
  'maintenance.doctor': {
    input: z.strictObject({
      repair: z.boolean().optional(),
      staleRunAfterMs: z.number().int().min(0).optional(),
      minAgeMs: z.number().int().min(0).optional(),
    }),
    output: DoctorReportSchema,
  },
  'maintenance.backup': { input: z.strictObject({ file }), output: BackupReportSchema },
  'versions.export': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
      file,
      includeDataset: z.boolean().optional(),
    }),
    output: ExportReportSchema,
  },
  'versions.import': {
    input: z.strictObject({ file, model: z.string().min(1).optional() }),
    output: ImportReportSchema,
  },
};

export type MaintenanceTypeChecks = [
  Assert<Equal<z.infer<typeof DoctorFindingCheckSchema>, DoctorFindingCheck>>,
  Assert<Equal<z.infer<typeof DoctorFindingSchema>, DoctorFinding>>,
  Assert<Equal<z.infer<typeof DoctorReportSchema>, DoctorReport>>,
  Assert<Equal<z.infer<typeof BackupReportSchema>, BackupReport>>,
  Assert<Equal<z.infer<typeof ExportReportSchema>, ExportReport>>,
  Assert<Equal<z.infer<typeof ImportReportSchema>, ImportReport>>,
  NoneOf<OperationMismatches<MaintenanceOperations, typeof maintenanceOperationSchemas>>,
];
