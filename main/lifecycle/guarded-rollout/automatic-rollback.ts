import type { GuardResult } from '../../contract/index.js';
import type { Db } from '../../db/index.js';
import type { NewAlert } from '../../monitoring/alerts/index.js';
import type { VersionStore } from '../../registry/index.js';
import type { DecisionRecord } from '../decision-store.js';
import type { Promotions } from '../promotion.js';
import type { BakingRecord, BakingStore } from './baking-store.js';

/** Who the decision record and the audit log name for a rollback no person asked for. */
export const ROLLOUT_GUARD_ACTOR = 'rollout-guard';

export type AutomaticRollbackDeps = {
  db: Db;
  versions: Pick<VersionStore, 'champion' | 'get'>;
  bakingPeriods: BakingStore;
  /** The manual rollback's own code path: decision, stage changes and audit entry in one step. */
  promotions: Pick<Promotions, 'rollback'>;
  /** The AlertService where there is one (it logs and sends the webhook); the AlertStore otherwise. */
  alerts: { raise(alert: NewAlert): unknown };
};

/**
 * Rolls a baking champion back because guards tripped, in one transaction: the rollback decision
 * with its stage changes and audit entry (`details.automatic: true`, so the lifecycle event is
 * `champion.rolled_back_automatically`), the baking period marked `rolled_back` with the breach,
 * and the alert. Not held for approval, even in prod, exactly as a manual rollback is not.
 * Returns null when another process ended the period or changed the champion first.
 */
export function rollBackAutomatically(
  deps: AutomaticRollbackDeps,
  period: BakingRecord,
  guards: GuardResult[],
  breaches: GuardResult[],
): DecisionRecord | null {
  const reason = `automatic rollback after ${breaches.length === 1 ? 'a breach' : 'breaches'} during baking: ${breaches
    .map((b) => `${b.guard} (${b.reason})`)
    .join('; ')}`;
  return deps.db
    .transaction((): DecisionRecord | null => {
      // Re-read under the write lock: a second checker that got here first has already acted.
      const current = deps.bakingPeriods.get(period.id);
      const champion = deps.versions.champion(period.model);
      if (current?.status !== 'baking' || champion?.id !== period.versionId) return null;
      const decision = deps.promotions.rollback(period.model, {
        actor: ROLLOUT_GUARD_ACTOR,
        reason,
        details: {
          automatic: true,
          bakingPeriodId: period.id,
          breaches: breaches.map((b) => ({
            guard: b.guard,
            value: b.value,
            limit: b.limit,
            reason: b.reason,
          })),
        },
      });
      deps.bakingPeriods.end(period.id, {
        status: 'rolled_back',
        guards,
        breaches,
        rollbackDecisionId: decision.id,
      });
      const restored = deps.versions.champion(period.model);
      deps.alerts.raise({
        rule: 'champion_rolled_back',
        modelName: period.model,
        dedupKey: `champion_rolled_back:${period.model}:baking-${period.id}`,
        title: `${period.model} v${period.version} rolled back automatically to v${restored?.version ?? '?'}`,
        message: `${capitalise(reason)}. Decision #${decision.id}; see podium rollout status --model ${period.model}.`,
        evidence: {
          version: period.version,
          restoredVersion: restored?.version ?? 0,
          decisionId: decision.id,
          bakingPeriodId: period.id,
          breaches: breaches.map((b) => ({
            guard: b.guard,
            value: b.value ?? 0,
            limit: b.limit ?? 0,
            reason: b.reason,
          })),
        },
      });
      return decision;
    })
    .immediate();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
