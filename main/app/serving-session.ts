import type { ChampionChallengerManager, DecisionRecord } from '../lifecycle/index.js';
import { AlertService } from '../monitoring/alerts/index.js';
import { type ServingMonitor, startServingMonitor } from '../monitoring/serving-monitor.js';
import { modelRefs } from '../registry/index.js';
import { createRuntime } from '../serving/create-runtime.js';
import { ServingController } from '../serving/serving-controller.js';
import type { Workspace } from '../workspace/index.js';
import type { Repositories } from './repositories.js';
import { watchShadowTests } from './shadow-test-watch.js';

/** What a serving session reads and writes: what should serve, the services, their metrics, alerts. */
export type ServingSessionStores = Pick<
  Repositories,
  'versions' | 'shadowTests' | 'services' | 'serviceMetrics' | 'alerts'
>;

export type ServingSessionOptions = {
  workspace: Workspace;
  manager: ChampionChallengerManager;
  stores: ServingSessionStores;
  /** The model to serve, as users name it (`churn`); left out, the default model. Refused before anything starts when unknown. */
  modelName?: string;
  /** Defaults to serving.runtime. */
  runtime?: 'process' | 'docker';
  /** Defaults to serving.port. */
  gatewayPort?: number;
  /** Defaults to the workspace's own environment. */
  environment?: string;
  /** Where service and shadow-test alerts go; without one the session opens (and closes) its own. */
  alerts?: AlertService;
  /** Who shadow-test verdicts are recorded as: 'serve', 'ui', 'demo'. */
  actor: string;
  /** Defaults to SHADOW_CHECK_INTERVAL_MS. */
  shadowCheckIntervalMs?: number;
  /** A shadow test the watch ended, after its alert was raised. */
  onDecision?: (decision: DecisionRecord) => void;
  /** After every shadow-test check. */
  onCheck?: () => void;
};

/** One model being served, as `serve`, the UI and the demo run it; `stop()` ends all of it. */
export type ServingSession = {
  modelName: string;
  runtime: 'process' | 'docker';
  /** The gateway's address. */
  url: string;
  controller: ServingController;
  monitor: ServingMonitor;
  stop(): Promise<void>;
};

/**
 * Starts serving a model the one way every front door does: the gateway in its own supervised
 * process (adopted if one is already running for the model), the champion and the shadow
 * tests' challengers as services behind it, the serving monitor (sampled metrics, service
 * alerts), and the watch that ends shadow tests on an early verdict. Nothing is left running
 * when the start fails.
 */
export async function startServingSession(options: ServingSessionOptions): Promise<ServingSession> {
  const { workspace, manager, stores } = options;
  const modelName = modelRefs(stores.versions, workspace).name(options.modelName);
  const runtimeName = options.runtime ?? workspace.config.serving.runtime;
  const runtime = await createRuntime(runtimeName, workspace);
  const controller = new ServingController({
    workspace,
    shadow: manager.shadow,
    stores,
    modelName,
    runtime,
    environment: options.environment,
    gatewayPort: options.gatewayPort,
  });
  const alerts = options.alerts ?? AlertService.forWorkspace(workspace, stores.alerts);
  const ownAlerts = options.alerts === undefined;
  let url: string;
  let monitor: ServingMonitor;
  try {
    url = await controller.start();
    monitor = await startServingMonitor({ workspace, stores, controller, modelName, alerts });
  } catch (error) {
    await controller.stop({ keepContainers: false }).catch(() => {});
    if (ownAlerts) await alerts.close();
    throw error;
  }
  const watch = watchShadowTests({
    workspace,
    manager,
    alerts,
    modelName,
    actor: options.actor,
    reconcile: () => controller.reconcile(),
    intervalMs: options.shadowCheckIntervalMs,
    onDecision: options.onDecision,
    onCheck: options.onCheck,
  });
  let stopping: Promise<void> | null = null;
  return {
    modelName,
    runtime: runtimeName,
    url,
    controller,
    monitor,
    stop: () => {
      stopping ??= (async () => {
        watch.stop();
        await monitor.stop();
        await controller.stop({ keepContainers: false });
        if (ownAlerts) await alerts.close();
      })();
      return stopping;
    },
  };
}
