/** Environments in the UI: which one is open, switching, releases to prod, approvals and the audit log. */
import type { JsonValue } from './common.js';

export type EnvironmentName = 'dev' | 'prod';

export type EnvironmentInfo = {
  environment: EnvironmentName;
  workspace: string;
  podiumVersion: string;
  /** Who the app acts as in decisions, approvals and the audit log (the OS user). */
  actor: string;
  /** Whether a promotion here waits for an approver, and who they are. */
  requireApproval: boolean;
  approvers: string[];
  /** The key to set (config.local.yaml) to name approvers here. */
  approversKey: string;
  /** False where the shell opened one workspace only (the switch is then refused). */
  canSwitch: boolean;
};

export type PendingApprovalView = {
  decisionId: number;
  modelName: string;
  championVersion: number | null;
  challengerVersion: number | null;
  requestedBy: string;
  summary: string;
  createdAt: string;
  /** Why approving would be refused now (the champion changed since), or null. */
  stale: string | null;
};

export type ApprovalAnswerView = {
  decisionId: number;
  verdict: 'approved' | 'rejected';
  approver: string;
  reason: string;
  modelName: string;
  champion: { before: number | null; after: number | null };
  challengerVersion: number;
};

export type AuditEntryView = {
  id: number;
  environment: string;
  action: 'release' | 'promote' | 'promotion_requested' | 'approved' | 'rejected' | 'rollback';
  modelName: string;
  fromVersion: number | null;
  toVersion: number | null;
  decisionId: number | null;
  actor: string;
  reason: string;
  createdAt: string;
  /** Only when asked for (`audit.list` with `details`): what the action recorded beside it, secrets redacted. */
  details?: Record<string, JsonValue>;
};

export type ReleaseView = {
  model: string;
  /** Where it was released to. */
  environment: string;
  /** The version as prod numbers it. */
  version: number;
  stage: string;
  packageSha256: string;
  source: {
    environment: string;
    workspaceId: string;
    workspace: string;
    version: number;
    packageSha256: string;
  };
  /** Whether the training dataset snapshot went along (prod did not have it yet). */
  datasetIncluded: boolean;
  auditId: number;
};

export type EnvironmentOperations = {
  'environment.get': { input: Record<string, never>; output: EnvironmentInfo };
  /** Closes this environment's session (jobs cancelled, services started here stopped) and opens the other. */
  'environment.switch': { input: { environment: EnvironmentName }; output: EnvironmentInfo };
  'approvals.list': { input: Record<string, never>; output: { approvals: PendingApprovalView[] } };
  'approvals.approve': { input: { decisionId: number; reason?: string }; output: ApprovalAnswerView };
  'approvals.reject': { input: { decisionId: number; reason?: string }; output: ApprovalAnswerView };
  'audit.list': {
    input: { model?: string; limit?: number; details?: boolean };
    output: { entries: AuditEntryView[] };
  };
  /** From dev only: copies the version's package and lineage into prod as a prod challenger. */
  'release.toProd': { input: { model?: string; version?: number; reason?: string }; output: ReleaseView };
};
