import { redactSecretValues } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type {
  ApprovalAnswerView as ApprovalAnswer,
  PendingApprovalView as PendingApproval,
} from '../contract/index.js';
import type { AuditLog, DecisionRecord, DecisionStore, ShadowTestStore } from '../lifecycle/index.js';
import type { ModelVersion, VersionStore } from '../registry/index.js';
import { approvalSettings, type Workspace } from '../workspace/index.js';
import type { ApprovalStore } from './approval-store.js';

// One definition, in the contract the UI reads.
export type {
  ApprovalAnswerView as ApprovalAnswer,
  PendingApprovalView as PendingApproval,
} from '../contract/index.js';

/** What an answer to an approval request reads and writes, in one transaction. */
export type ApprovalStores = {
  decisions: DecisionStore;
  versions: VersionStore;
  shadowTests: ShadowTestStore;
  approvals: ApprovalStore;
  audit: AuditLog;
};

/** Decisions awaiting approval that nobody has answered yet, oldest first. */
export function listPendingApprovals(
  stores: Pick<ApprovalStores, 'decisions' | 'versions'>,
): PendingApproval[] {
  const { decisions, versions } = stores;
  const ids = decisions.unansweredApprovalRequests();
  return ids.map((id) => {
    const decision = decisions.get(id)!;
    return {
      decisionId: id,
      modelName: decision.modelName,
      championVersion: decision.championVersion,
      challengerVersion: decision.challengerVersion,
      requestedBy: decision.actor,
      summary: decision.summary,
      createdAt: decision.createdAt,
      stale: staleness(decision, versions),
    };
  });
}

function staleness(decision: DecisionRecord, versions: VersionStore): string | null {
  if (decision.challengerVersion === null) return 'the decision names no version to promote';
  const champion = versions.champion(decision.modelName);
  if (champion?.version === decision.challengerVersion)
    return `v${decision.challengerVersion} is already the champion`;
  if ((champion?.version ?? null) !== decision.championVersion) {
    const was = decision.championVersion === null ? 'none' : `v${decision.championVersion}`;
    const now = champion ? `v${champion.version}` : 'none';
    return `the champion changed since the request (was ${was}, now ${now}); ask again with podium promote`;
  }
  return null;
}

/**
 * An approver's yes: the requested version becomes champion, the approval and the audit entry
 * are written, and the version's open shadow tests are closed, all in one transaction. Every
 * check runs inside it, so two approvers racing cannot both succeed.
 */
export function approveDecision(
  workspace: Workspace,
  stores: ApprovalStores,
  input: { decisionId: number; approver: string; reason?: string },
): ApprovalAnswer {
  return answer(workspace, stores, { ...input, verdict: 'approved' });
}

/** An approver's no: recorded and audited; the champion and the requested version stay as they are. */
export function rejectDecision(
  workspace: Workspace,
  stores: ApprovalStores,
  input: { decisionId: number; approver: string; reason?: string },
): ApprovalAnswer {
  return answer(workspace, stores, { ...input, verdict: 'rejected' });
}

function answer(
  workspace: Workspace,
  stores: ApprovalStores,
  input: { decisionId: number; approver: string; reason?: string; verdict: 'approved' | 'rejected' },
): ApprovalAnswer {
  const settings = approvalSettings(workspace.config, workspace.environment);
  if (settings.approvers.length === 0) {
    throw new PodiumError(
      'FORBIDDEN',
      `Nobody may approve in ${workspace.environment} yet: set ${settings.configKey} (a list of user names) in config.local.yaml or PODIUM_${settings.configKey.replace('.', '_').toUpperCase()}`,
      { key: settings.configKey },
    );
  }
  if (!settings.approvers.includes(input.approver)) {
    throw new PodiumError(
      'FORBIDDEN',
      `${input.approver} is not an approver in ${workspace.environment} (${settings.configKey}: ${settings.approvers.join(', ')}); nothing was changed`,
      { actor: input.approver, key: settings.configKey },
    );
  }
  const { db, clock, config } = workspace;
  const { decisions, versions, shadowTests: tests, approvals, audit } = stores;
  const reason = redactSecretValues(input.reason ?? `${input.verdict} by ${input.approver}`, config);
  return db
    .transaction((): ApprovalAnswer => {
      const decision = decisions.get(input.decisionId);
      if (!decision) {
        throw new PodiumError(
          'NOT_FOUND',
          `There is no decision #${input.decisionId}; see podium approvals`,
          {
            decision: input.decisionId,
          },
        );
      }
      if (decision.outcome !== 'awaiting_approval') {
        throw new PodiumError(
          'CONFLICT',
          `Decision #${decision.id} is a ${decision.outcome} decision, not one awaiting approval`,
          { decision: decision.id, outcome: decision.outcome },
        );
      }
      const earlier = approvals.answerTo(decision.id);
      if (earlier) {
        throw new PodiumError(
          'CONFLICT',
          `Decision #${decision.id} was already ${earlier.verdict} by ${earlier.actor} at ${earlier.createdAt}`,
          { decision: decision.id, verdict: earlier.verdict },
        );
      }
      const stale = staleness(decision, versions);
      if (stale && input.verdict === 'approved') {
        throw new PodiumError(
          'CONFLICT',
          `Decision #${decision.id} is stale: ${stale}; nothing was changed`,
          {
            decision: decision.id,
          },
        );
      }
      const challenger: ModelVersion = versions.get(decision.modelName, decision.challengerVersion!);
      const before = versions.champion(decision.modelName);
      approvals.record({
        decisionId: decision.id,
        verdict: input.verdict,
        actor: input.approver,
        reason,
        at: clock.now().toISOString(),
      });
      if (input.verdict === 'approved') {
        for (const test of tests.list(decision.modelName, { openOnly: true })) {
          if (test.challengerVersion === challenger.version) tests.finish(test.id, 'completed');
        }
        versions.promote(challenger.id, {
          actor: input.approver,
          reason: `approved decision #${decision.id}: ${reason}`,
          decisionId: decision.id,
        });
      }
      audit.record({
        action: input.verdict,
        modelName: decision.modelName,
        fromVersion: before?.version ?? null,
        toVersion: challenger.version,
        decisionId: decision.id,
        actor: input.approver,
        reason,
        details: { requested_by: decision.actor },
      });
      const after = versions.champion(decision.modelName);
      return {
        decisionId: decision.id,
        verdict: input.verdict,
        approver: input.approver,
        reason,
        modelName: decision.modelName,
        champion: { before: before?.version ?? null, after: after?.version ?? null },
        challengerVersion: challenger.version,
      };
    })
    .immediate();
}
