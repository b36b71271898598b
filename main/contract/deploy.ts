/** Manifests for a cluster and the service image as a file; types of the schemas in ./schemas/deploy.ts. */
import type { z } from 'zod';
import type {
  DeployedVersionSchema,
  DeployReportSchema,
  DeployTargetSchema,
  deployOperationSchemas,
  ImageExportReportSchema,
} from './schemas/deploy.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type DeployTarget = z.infer<typeof DeployTargetSchema>;
export type DeployedVersion = z.infer<typeof DeployedVersionSchema>;
export type DeployReport = z.infer<typeof DeployReportSchema>;
export type ImageExportReport = z.infer<typeof ImageExportReportSchema>;
export type DeployOperations = OperationsOf<typeof deployOperationSchemas>;
