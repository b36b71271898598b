import { setTimeout as sleep } from 'node:timers/promises';
import type { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import type { VersionStore } from '../../main/registry/index.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { type LoadOutcome, startLoad } from './gateway-load.js';

/**
 * Promotes each of `versions` in turn while `workers` callers keep the controller's gateway
 * busy: after each promotion the controller reconciles (starts the new champion's service,
 * switches the gateway, drains and stops the old one) and the load runs on for `settleMs`.
 * Returns every request's outcome and how long each switch took.
 */
export async function promoteUnderLoad(options: {
  manager: ChampionChallengerManager;
  stores: { versions: VersionStore };
  controller: ServingController;
  url: string;
  modelName: string;
  versions: number[];
  bodies: string[];
  workers: number;
  settleMs: number;
}): Promise<{ outcomes: LoadOutcome[]; switchMs: number[] }> {
  const { manager, stores, controller } = options;
  const load = startLoad(options.url, { workers: options.workers, bodies: options.bodies });
  const switchMs: number[] = [];
  try {
    await sleep(options.settleMs);
    for (const version of options.versions) {
      const started = performance.now();
      manager.promotions.promote(stores.versions.get(options.modelName, version), {
        actor: 'test',
        reason: 'under load',
      });
      await controller.reconcile();
      switchMs.push(performance.now() - started);
      await sleep(options.settleMs);
    }
  } catch (error) {
    await load.stop();
    throw error;
  }
  return { outcomes: await load.stop(), switchMs };
}
