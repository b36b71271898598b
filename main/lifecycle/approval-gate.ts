import { PodiumError } from '../contract/errors.js';
import { approvalSettings, type Workspace } from '../workspace/index.js';
import type { DecisionOutcome } from './decide.js';

/** Whether a change of champion in this workspace's environment must wait for an approver. */
export function approvalRequired(workspace: Pick<Workspace, 'config' | 'environment'>): boolean {
  return approvalSettings(workspace.config, workspace.environment).requireApproval;
}

/**
 * Every automatic path to the champion (a first model, an evaluation with auto-promotion, a
 * shadow test's winner) goes through here: where approval is required, "promote" becomes a
 * request that `podium approve <decision-id>` answers.
 */
export function gatedOutcome(
  workspace: Pick<Workspace, 'config' | 'environment'>,
  outcome: DecisionOutcome,
): DecisionOutcome {
  return outcome === 'promote' && approvalRequired(workspace) ? 'awaiting_approval' : outcome;
}

/** The sentence a decision that waits for approval ends with. */
export function approvalHint(workspace: Pick<Workspace, 'config' | 'environment'>): string {
  const settings = approvalSettings(workspace.config, workspace.environment);
  const who =
    settings.approvers.length === 0
      ? `no approver is configured yet: set ${settings.configKey}`
      : `approvers: ${settings.approvers.join(', ')}`;
  return `${workspace.environment} requires approval: an approver runs podium --env ${workspace.environment} approve <decision-id> (${who}).`;
}

/** Training is dev's: prod receives versions only by `podium release`. */
export function assertTrainingAllowed(workspace: Pick<Workspace, 'environment'>, what: string): void {
  if (workspace.environment === 'dev') return;
  throw new PodiumError(
    'USAGE',
    `${what} is not available in ${workspace.environment}: models are trained in dev and reach ${workspace.environment} only by podium release <version> --to ${workspace.environment}`,
    { environment: workspace.environment, command: what },
  );
}
