import type { JsonValue } from '../contract/index.js';
import { type BakingStore, checkRollout, type GuardCheckDeps } from '../lifecycle/guarded-rollout/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService, AlertStore } from '../monitoring/alerts/index.js';
import type { JobDefinition, JobOutcome } from './types.js';

export type RolloutGuardJobStores = GuardCheckDeps['stores'] & {
  bakingPeriods: BakingStore;
  alerts: AlertStore;
};

/**
 * The guarded rollout's watch: every `cron` (each minute by default) the guards of every model's
 * baking champion are checked, and a breach rolls it back there and then. Skipped, cheaply,
 * while nothing bakes. Its own lock, so a long cycle never delays a rollback.
 */
export function rolloutGuardJob(input: {
  manager: Pick<ChampionChallengerManager, 'promotions'>;
  stores: RolloutGuardJobStores;
  alerts?: AlertService | null;
  cron: string;
}): JobDefinition {
  const { stores } = input;
  return {
    name: 'rollout-guard',
    cron: input.cron,
    lock: 'rollout-guard',
    run: async ({ workspace }): Promise<JobOutcome> => {
      const checked: { [key: string]: JsonValue }[] = [];
      const rollbacks: number[] = [];
      for (const model of stores.versions.models()) {
        if (model.championVersion === null) continue;
        const status = checkRollout(
          {
            workspace,
            stores,
            bakingPeriods: stores.bakingPeriods,
            promotions: input.manager.promotions,
            // Without an alert service (a bare scheduler) the alert is still stored.
            alerts: input.alerts ?? stores.alerts,
          },
          model.name,
        );
        if (status.action === 'rolled_back' && status.current?.rollbackDecisionId)
          rollbacks.push(status.current.rollbackDecisionId);
        if (status.action !== 'none' || status.current?.status === 'baking')
          checked.push({
            model: model.name,
            version: status.current?.version ?? null,
            action: status.action,
            status: status.current?.status ?? null,
          });
      }
      if (checked.length === 0) return { status: 'skipped', summary: { reason: 'no champion is baking' } };
      // The rollbacks' decisions are the evidence of what this run did.
      const decisionIds = rollbacks;
      return { decisionIds, summary: { checked } };
    },
  };
}
