import { defineOperation } from '../../contract/define-operation.js';
import type { DomainHandlers } from '../../contract/index.js';
import type { AlertService } from '../../monitoring/alerts/index.js';
import { modelRefs } from '../../registry/index.js';
import type { Workspace } from '../../workspace/index.js';
import type { ChampionChallengerManager } from '../manager.js';
import type { BakingStore } from './baking-store.js';
import { checkRollout, type GuardCheckDeps } from './guard-check.js';

/** What `rollout.status` needs of the API. */
export type RolloutHandlerContext = {
  workspace: Workspace;
  manager: Pick<ChampionChallengerManager, 'promotions'>;
  alerts: AlertService;
  stores: GuardCheckDeps['stores'] & { bakingPeriods: BakingStore };
};

export function rolloutHandlers(context: RolloutHandlerContext): DomainHandlers<'rollout.status'> {
  const refs = modelRefs(context.stores.versions, context.workspace);
  return {
    'rollout.status': defineOperation('rollout.status', ({ model }) =>
      checkRollout(
        {
          workspace: context.workspace,
          stores: context.stores,
          bakingPeriods: context.stores.bakingPeriods,
          promotions: context.manager.promotions,
          alerts: context.alerts,
        },
        refs.name(model),
      ),
    ),
  };
}
