/** Schemas of doctor, backup, and the export and import of one version (../maintenance.ts). */
import { z } from 'zod';

export const DoctorFindingCheckSchema = z.enum([
  'database',
  'champion',
  'package',
  'orphan',
  'run',
  'temp',
  'path',
]);

export const DoctorFindingSchema = z.strictObject({
  check: DoctorFindingCheckSchema,
  /** A problem fails the check (exit code 1) until repaired; a notice is information only. */
  severity: z.enum(['problem', 'notice']),
  what: z.string(),
  /** A workspace-relative path, or a model version. */
  where: z.string(),
  repairable: z.boolean(),
  repaired: z.boolean(),
  /** What --repair did, or would do. */
  action: z.string().nullable(),
  /** Why a repair was attempted and failed. */
  repairError: z.string().nullable(),
});

export const DoctorReportSchema = z.strictObject({
  workspace: z.string(),
  repair: z.boolean(),
  findings: z.array(DoctorFindingSchema),
  /** Problems found, repaired, and still there after this run (exit code 1 when any remain). */
  problems: z.number(),
  repaired: z.number(),
  remaining: z.number(),
});

export const BackupReportSchema = z.strictObject({
  file: z.string(),
  createdAt: z.string(),
  files: z.number(),
  bytes: z.number(),
  versions: z.number(),
});

/** podium: the portable .tgz; onnx: one ONNX file; mlflow: an MLflow model directory. */
export const ExportFormatSchema = z.enum(['podium', 'onnx', 'mlflow']);

export const ExportReportSchema = z.strictObject({
  file: z.string(),
  format: ExportFormatSchema.optional(),
  model: z.string(),
  version: z.number(),
  packageSha256: z.string(),
  files: z.number(),
  datasetIncluded: z.boolean(),
});

export const ImportReportSchema = z.strictObject({
  file: z.string(),
  model: z.string(),
  version: z.number(),
  stage: z.string(),
  packagePath: z.string(),
  packageSha256: z.string(),
  source: z.strictObject({ model: z.string(), version: z.number(), packageSha256: z.string() }),
  datasetIncluded: z.boolean(),
  warnings: z.array(z.string()),
});

/** What `podium import DIR` reports for an MLflow model directory holding an ONNX model. */
export const MlflowImportReportSchema = z.strictObject({
  directory: z.string(),
  model: z.string(),
  version: z.number(),
  stage: z.string(),
  packagePath: z.string(),
  packageSha256: z.string(),
  task: z.enum(['binary', 'category', 'number']),
  target: z.string(),
  inputs: z.array(z.strictObject({ name: z.string(), type: z.enum(['number', 'category', 'date']) })),
  classes: z.array(z.string()).optional(),
  metrics: z.record(z.string(), z.number()),
  evaluatedRows: z.number(),
  datasetId: z.string(),
  warnings: z.array(z.string()),
});

/** Inputs of the operations served by main/maintenance/handlers.ts. */
const file = z.string().trim().min(1);

export const maintenanceOperationSchemas = {
  /** Checks the registry against its files and SQLite; with `repair`, fixes what is safe. */
  'maintenance.doctor': {
    input: z.strictObject({
      repair: z.boolean().optional(),
      staleRunAfterMs: z.number().int().min(0).optional(),
      minAgeMs: z.number().int().min(0).optional(),
    }),
    output: DoctorReportSchema,
  },
  /** Writes the database, packages and snapshots to a new .tgz (a path on this machine). */
  'maintenance.backup': { input: z.strictObject({ file }), output: BackupReportSchema },
  /**
   * Writes one version (package, lineage, training dataset unless left out) to a new .tgz, or
   * as an ONNX file or an MLflow model directory (`format`).
   */
  'versions.export': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
      file,
      includeDataset: z.boolean().optional(),
      format: ExportFormatSchema.optional(),
    }),
    output: ExportReportSchema,
  },
  /** Verifies an exported version and registers it as a new challenger (dev only). */
  'versions.import': {
    input: z.strictObject({ file, model: z.string().min(1).optional() }),
    output: ImportReportSchema,
  },
  /** Registers an MLflow model directory holding an ONNX model as a new challenger (dev only). */
  'versions.importMlflow': {
    input: z.strictObject({
      directory: file,
      model: z.string().min(1),
      data: file.optional(),
      target: z.string().min(1).optional(),
    }),
    output: MlflowImportReportSchema,
  },
};
