/** Environments in the UI (which one is open, switching, releases to prod, approvals, the audit log): types of the schemas in ./schemas/environments.ts. */
import type { z } from 'zod';
import type {
  ApprovalAnswerViewSchema,
  AuditEntryViewSchema,
  EnvironmentInfoSchema,
  EnvironmentNameSchema,
  environmentOperationSchemas,
  PendingApprovalViewSchema,
  ReleaseViewSchema,
} from './schemas/environments.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type EnvironmentName = z.infer<typeof EnvironmentNameSchema>;
export type EnvironmentInfo = z.infer<typeof EnvironmentInfoSchema>;
export type PendingApprovalView = z.infer<typeof PendingApprovalViewSchema>;
export type ApprovalAnswerView = z.infer<typeof ApprovalAnswerViewSchema>;
export type AuditEntryView = z.infer<typeof AuditEntryViewSchema>;
export type ReleaseView = z.infer<typeof ReleaseViewSchema>;
export type EnvironmentOperations = OperationsOf<typeof environmentOperationSchemas>;
