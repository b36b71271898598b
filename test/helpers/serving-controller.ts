import { findFreePort } from '../../main/serving/free-port.js';
import { ProcessRuntime } from '../../main/serving/runtime.js';
import { ServingController } from '../../main/serving/serving-controller.js';
import type { TrainedWorkspace } from './trained-workspace.js';

/**
 * The trained workspace served as `podium serve` would: services as child processes behind a
 * gateway process on a loopback port of its own (or `gatewayPort`); reconciles only when asked
 * (no background timer).
 */
export async function startServingController(
  trained: TrainedWorkspace,
  gatewayPort?: number,
): Promise<{ controller: ServingController; url: string }> {
  const controller = new ServingController({
    workspace: trained.workspace,
    shadow: trained.manager.shadow,
    stores: trained.stores,
    modelName: 'credit-risk',
    runtime: new ProcessRuntime(),
    gatewayPort: gatewayPort ?? (await findFreePort('127.0.0.1', 18000 + Math.floor(Math.random() * 1000))),
    reconcileIntervalMs: 60_000,
  });
  return { controller, url: await controller.start() };
}
