import { PodiumError } from '../api/errors.js';
import type { ModelVersion, VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import type { DecisionRecord, DecisionStore } from './decision-store.js';
import type { ShadowTestStore } from './shadow-test-store.js';

/**
 * Promotion and rollback by hand. Each is one transaction: the decision record, the stage
 * changes and the closing of the version's open shadow tests commit together or not at all. A
 * running `podium serve` sees the new champion and switches traffic without dropping requests.
 */
export class Promotions {
  constructor(
    private readonly workspace: Workspace,
    private readonly versions: VersionStore,
    private readonly decisions: DecisionStore,
    private readonly tests: ShadowTestStore,
  ) {}

  promote(version: ModelVersion, input: { actor: string; reason?: string }): DecisionRecord {
    const champion = this.versions.champion(version.modelName);
    if (champion?.id === version.id) {
      throw new PodiumError('CONFLICT', `${version.modelName} v${version.version} is already the champion`);
    }
    const reason = input.reason ?? 'promoted by hand';
    const summary = `Promote v${version.version}${champion ? ` over v${champion.version}` : ''}: ${reason} (${input.actor}).`;
    const id = this.workspace.db.transaction(() => {
      const decisionId = this.decisions.insert({
        modelName: version.modelName,
        outcome: 'promote',
        championVersionId: champion?.id ?? null,
        challengerVersionId: version.id,
        evaluationDatasetId: null,
        evaluationRows: null,
        metrics: {
          champion: champion?.metrics ?? null,
          challenger: version.metrics,
          comparisons: [],
          primary_metric: null,
        },
        thresholds: {},
        reasons: [summary],
        summary,
        actor: input.actor,
      });
      for (const test of this.tests.list(version.modelName, { openOnly: true })) {
        if (test.challengerVersion === version.version) this.tests.finish(test.id, 'completed');
      }
      this.versions.promote(version.id, { actor: input.actor, reason, decisionId });
      return decisionId;
    })();
    return this.decisions.get(id)!;
  }

  /** Restores the champion before the current one, in one step. */
  rollback(modelName: string, input: { actor: string; reason?: string }): DecisionRecord {
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
    const reason = input.reason ?? 'rolled back by hand';
    const summary = `Roll back from v${current.version} to v${target.version}: ${reason} (${input.actor}).`;
    const id = this.workspace.db.transaction(() => {
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
          primary_metric: null,
        },
        thresholds: {},
        reasons: [summary, `v${target.version} was champion until ${previous.createdAt}.`],
        summary,
        actor: input.actor,
      });
      this.versions.promote(target.id, { actor: input.actor, reason: `rollback: ${reason}`, decisionId });
      return decisionId;
    })();
    return this.decisions.get(id)!;
  }
}
