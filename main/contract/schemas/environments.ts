/** Schemas of environments, approvals, the audit log and releases to prod (../environments.ts). */
import { z } from 'zod';
import { EmptyInputSchema, JsonValueSchema } from './common.js';

export const EnvironmentNameSchema = z.enum(['dev', 'prod']);

export const EnvironmentInfoSchema = z.strictObject({
  environment: EnvironmentNameSchema,
  workspace: z.string(),
  podiumVersion: z.string(),
  /** Who the app acts as in decisions, approvals and the audit log (the OS user). */
  actor: z.string(),
  /** Whether a promotion here waits for an approver, and who they are. */
  requireApproval: z.boolean(),
  approvers: z.array(z.string()),
  /** The key to set (config.local.yaml) to name approvers here. */
  approversKey: z.string(),
  /** False where the shell opened one workspace only (the switch is then refused). */
  canSwitch: z.boolean(),
});

export const PendingApprovalViewSchema = z.strictObject({
  decisionId: z.number(),
  modelName: z.string(),
  championVersion: z.number().nullable(),
  challengerVersion: z.number().nullable(),
  requestedBy: z.string(),
  summary: z.string(),
  createdAt: z.string(),
  /** Why approving would be refused now (the champion changed since), or null. */
  stale: z.string().nullable(),
});

export const ApprovalAnswerViewSchema = z.strictObject({
  decisionId: z.number(),
  verdict: z.enum(['approved', 'rejected']),
  approver: z.string(),
  reason: z.string(),
  modelName: z.string(),
  champion: z.strictObject({ before: z.number().nullable(), after: z.number().nullable() }),
  challengerVersion: z.number(),
});

export const AuditEntryViewSchema = z.strictObject({
  id: z.number(),
  environment: z.string(),
  action: z.enum(['release', 'promote', 'promotion_requested', 'approved', 'rejected', 'rollback']),
  modelName: z.string(),
  fromVersion: z.number().nullable(),
  toVersion: z.number().nullable(),
  decisionId: z.number().nullable(),
  actor: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  /**
   * Only when asked for (`audit.list` with `details`): what the action recorded beside it, secrets
   * redacted. Open by action (a release names its source, an approval who asked): stored JSON.
   */
  details: z.record(z.string(), JsonValueSchema).optional(),
});

export const ReleaseViewSchema = z.strictObject({
  model: z.string(),
  /** Where it was released to. */
  environment: z.string(),
  /** The version as prod numbers it. */
  version: z.number(),
  stage: z.string(),
  packageSha256: z.string(),
  source: z.strictObject({
    environment: z.string(),
    workspaceId: z.string(),
    workspace: z.string(),
    version: z.number(),
    packageSha256: z.string(),
  }),
  /** Whether the training dataset snapshot went along (prod did not have it yet). */
  datasetIncluded: z.boolean(),
  auditId: z.number(),
});

/** Inputs of the operations served by main/environments/handlers.ts. */
const id = z.number().int().min(1);
const reason = z.string().trim().min(1).max(2_000).optional();

export const environmentOperationSchemas = {
  'environment.get': { input: EmptyInputSchema, output: EnvironmentInfoSchema },
  /** Closes this environment's session (jobs cancelled, services started here stopped) and opens the other. */
  'environment.switch': {
    input: z.strictObject({ environment: EnvironmentNameSchema }),
    output: EnvironmentInfoSchema,
  },
  'approvals.list': {
    input: EmptyInputSchema,
    output: z.strictObject({ approvals: z.array(PendingApprovalViewSchema) }),
  },
  'approvals.approve': {
    input: z.strictObject({ decisionId: id, reason }),
    output: ApprovalAnswerViewSchema,
  },
  'approvals.reject': { input: z.strictObject({ decisionId: id, reason }), output: ApprovalAnswerViewSchema },
  'audit.list': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      details: z.boolean().optional(),
    }),
    output: z.strictObject({ entries: z.array(AuditEntryViewSchema) }),
  },
  /** From dev only: copies the version's package and lineage into prod as a prod challenger. */
  'release.toProd': {
    input: z.strictObject({ model: z.string().min(1).optional(), version: id.optional(), reason }),
    output: ReleaseViewSchema,
  },
};
