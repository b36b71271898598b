import { redactSecretValues } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { DecisionThresholds, JsonValue } from '../contract/index.js';
import type { ModelVersion, VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { approvalHint, approvalRequired } from './approval-gate.js';
import type { AuditLog } from './audit-log.js';
import type { DecisionRecord, DecisionStore, NewDecision } from './decision-store.js';
import type { ShadowTestStore } from './shadow-test-store.js';

/**
 * Promotion and rollback by hand. Each is one transaction: the decision record, the stage
 * changes, the audit entry and the closing of the version's open shadow tests commit together
 * or not at all. A running `podium serve` sees the new champion and switches traffic without
 * dropping requests. Where the environment requires approval (prod by default), a promotion
 * is recorded as a request instead and the champion stays until an approver answers it.
 */
export class Promotions {
  constructor(
    private readonly workspace: Workspace,
    private readonly versions: VersionStore,
    private readonly decisions: DecisionStore,
    private readonly tests: ShadowTestStore,
    private readonly audit: AuditLog,
  ) {}

  promote(version: ModelVersion, input: { actor: string; reason?: string }): DecisionRecord {
    const champion = this.versions.champion(version.modelName);
    if (champion?.id === version.id) {
      throw new PodiumError('CONFLICT', `${version.modelName} v${version.version} is already the champion`);
    }
    const reason = redactSecretValues(input.reason ?? 'promoted by hand', this.workspace.config);
    if (approvalRequired(this.workspace)) return this.requestApproval(version, champion, input.actor, reason);
    const summary = `Promote v${version.version}${champion ? ` over v${champion.version}` : ''}: ${reason} (${input.actor}).`;
    const id = this.workspace.db
      .transaction(() => {
        const decisionId = this.decisions.insert(
          byHandDecision({
            version,
            champion,
            outcome: 'promote',
            thresholds: {},
            summary,
            actor: input.actor,
          }),
        );
        for (const test of this.tests.list(version.modelName, { openOnly: true })) {
          if (test.challengerVersion === version.version) this.tests.finish(test.id, 'completed');
        }
        this.versions.promote(version.id, { actor: input.actor, reason, decisionId });
        this.audit.record({
          action: 'promote',
          modelName: version.modelName,
          fromVersion: champion?.version ?? null,
          toVersion: version.version,
          decisionId,
          actor: input.actor,
          reason,
        });
        return decisionId;
      })
      .immediate();
    return this.decisions.get(id)!;
  }

  /** A promotion that waits for an approver: a decision awaiting approval, nothing else changes. */
  private requestApproval(
    version: ModelVersion,
    champion: ModelVersion | null,
    actor: string,
    reason: string,
  ): DecisionRecord {
    const waiting = this.decisions.unansweredApprovalRequestFor(version.id, champion?.id ?? null);
    if (waiting !== null) {
      throw new PodiumError(
        'CONFLICT',
        `Decision #${waiting} already asks to promote ${version.modelName} v${version.version}; an approver answers it with podium --env ${this.workspace.environment} approve ${waiting}`,
        { decision: waiting },
      );
    }
    const summary = `Promotion of v${version.version}${champion ? ` over v${champion.version}` : ''} requested by ${actor}: ${reason}. ${approvalHint(this.workspace)}`;
    const id = this.workspace.db
      .transaction(() => {
        const decisionId = this.decisions.insert(
          byHandDecision({
            version,
            champion,
            outcome: 'awaiting_approval',
            thresholds: { requireApproval: true },
            summary,
            actor,
          }),
        );
        this.audit.record({
          action: 'promotion_requested',
          modelName: version.modelName,
          fromVersion: champion?.version ?? null,
          toVersion: version.version,
          decisionId,
          actor,
          reason,
        });
        return decisionId;
      })
      .immediate();
    return this.decisions.get(id)!;
  }

  /**
   * Restores the champion before the current one, in one step. Not held for approval, even in
   * prod: it returns to a version that was champion before (and so was approved then), and a
   * rollback is what one reaches for when the champion misbehaves. It is audited like the rest.
   */
  rollback(
    modelName: string,
    input: {
      actor: string;
      reason?: string;
      /** Kept with the audit entry; `automatic: true` marks a rollback no person asked for. */
      details?: Record<string, JsonValue>;
    },
  ): DecisionRecord {
    const current = this.versions.champion(modelName);
    if (!current) throw new PodiumError('CONFLICT', `${modelName} has no champion to roll back`);
    const previous = this.versions
      .transitions(modelName)
      .find((t) => t.fromStage === 'champion' && t.toStage === 'archived' && t.versionId !== current.id);
    if (!previous) {
      throw new PodiumError(
        'CONFLICT',
        `${modelName} v${current.version} is the only champion it has had; nothing to roll back to`,
      );
    }
    const target = this.versions.byId(previous.versionId);
    const reason = redactSecretValues(input.reason ?? 'rolled back by hand', this.workspace.config);
    const summary = `Roll back from v${current.version} to v${target.version}: ${reason} (${input.actor}).`;
    const id = this.workspace.db
      .transaction(() => {
        const decisionId = this.decisions.insert({
          modelName,
          outcome: 'rollback',
          championVersionId: current.id,
          challengerVersionId: target.id,
          evaluationDatasetId: null,
          evaluationRows: null,
          metrics: {
            champion: current.metrics,
            challenger: target.metrics,
            comparisons: [],
            primaryMetric: null,
          },
          thresholds: {},
          reasons: [summary, `v${target.version} was champion until ${previous.createdAt}.`],
          summary,
          actor: input.actor,
        });
        this.versions.promote(target.id, { actor: input.actor, reason: `rollback: ${reason}`, decisionId });
        this.audit.record({
          action: 'rollback',
          modelName,
          fromVersion: current.version,
          toVersion: target.version,
          decisionId,
          actor: input.actor,
          reason,
          ...(input.details ? { details: input.details } : {}),
        });
        return decisionId;
      })
      .immediate();
    return this.decisions.get(id)!;
  }
}

/** A decision taken by hand, not from an evaluation: the two versions' stored metrics, no comparisons. */
function byHandDecision(input: {
  version: ModelVersion;
  champion: ModelVersion | null;
  outcome: 'promote' | 'awaiting_approval';
  thresholds: DecisionThresholds;
  summary: string;
  actor: string;
}): NewDecision {
  const { version, champion } = input;
  return {
    modelName: version.modelName,
    outcome: input.outcome,
    championVersionId: champion?.id ?? null,
    challengerVersionId: version.id,
    evaluationDatasetId: null,
    evaluationRows: null,
    metrics: {
      champion: champion?.metrics ?? null,
      challenger: version.metrics,
      comparisons: [],
      primaryMetric: null,
    },
    thresholds: input.thresholds,
    reasons: [input.summary],
    summary: input.summary,
    actor: input.actor,
  };
}
