/**
 * Environments: dev and prod as separate workspaces, the release that copies a version from dev
 * to prod, approvals of prod promotions and the audit log of prod transitions. The CLI and the
 * desktop UI both call these.
 */

export { resolveActor } from '../common/actor.js';
export type { AuditAction, AuditEntry } from '../lifecycle/index.js';
export {
  ENVIRONMENTS,
  type EnvironmentName,
  environmentWorkspaceDir,
  parseEnvironment,
} from '../workspace/index.js';
export {
  type ApprovalAnswer,
  type ApprovalStores,
  approveDecision,
  listPendingApprovals,
  type PendingApproval,
  rejectDecision,
} from './approvals.js';
export { openEnvironment } from './open-environment.js';
export {
  type ReleaseRecord,
  type ReleaseReport,
  type ReleaseTargetStores,
  releaseVersion,
} from './release.js';
