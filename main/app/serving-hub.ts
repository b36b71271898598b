import type { Logger } from 'pino';
import { PodiumError } from '../contract/errors.js';
import type { GatewayStatus, ServiceStatus, ServicesOverview } from '../contract/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import { type ServingMonitor, startServingMonitor } from '../monitoring/serving-monitor.js';
import { shadowFinishedAlert } from '../monitoring/shadow-alert.js';
import { createRuntime } from '../serving/create-runtime.js';
import { ServiceStore } from '../serving/service-store.js';
import { ServingController } from '../serving/serving-controller.js';
import type { Workspace } from '../workspace/index.js';
import type { EventHub } from './event-hub.js';

type Served = {
  controller: ServingController;
  monitor: ServingMonitor;
  runtime: 'process' | 'docker';
  timer: NodeJS.Timeout | null;
  lastState: string;
};

/** How often shadow tests are checked for a verdict and service state changes are announced. */
const WATCH_MS = 2_000;

/**
 * What `podium serve` does, for the UI and per model: a gateway with the champion and every
 * running shadow test's challenger behind it, the serving monitor (sampled metrics, service
 * alerts), and shadow tests checked for an early verdict. Stopped on `services.stop` or close.
 */
export class ServingHub {
  private readonly served = new Map<string, Served>();
  private readonly store: ServiceStore;

  constructor(
    private readonly deps: {
      workspace: Workspace;
      manager: ChampionChallengerManager;
      alerts: AlertService;
      events: EventHub;
      logger: Logger;
      environment: string;
    },
  ) {
    this.store = new ServiceStore(deps.workspace.db, deps.workspace.clock);
  }

  async start(model: string, options: { runtime?: 'process' | 'docker'; gatewayPort?: number } = {}) {
    if (this.served.has(model)) return;
    const { workspace, manager, alerts } = this.deps;
    const runtimeName = options.runtime ?? workspace.config.serving.runtime;
    const runtime = await createRuntime(runtimeName, workspace);
    const controller = new ServingController({
      workspace,
      manager,
      modelName: model,
      runtime,
      environment: this.deps.environment,
      gatewayPort: options.gatewayPort,
    });
    try {
      await controller.start();
    } catch (error) {
      await controller.stop().catch(() => {});
      throw error;
    }
    const monitor = await startServingMonitor({ workspace, manager, controller, modelName: model, alerts });
    const served: Served = { controller, monitor, runtime: runtimeName, timer: null, lastState: '' };
    served.timer = setInterval(() => this.watch(model, served), WATCH_MS);
    served.timer.unref();
    this.served.set(model, served);
    this.announce(model, served);
  }

  async stop(model?: string): Promise<void> {
    const models = model === undefined ? [...this.served.keys()] : [model];
    for (const name of models) {
      const served = this.served.get(name);
      if (!served) continue;
      this.served.delete(name);
      if (served.timer) clearInterval(served.timer);
      await served.monitor.stop();
      await served.controller.stop({ keepContainers: false });
      this.announce(name, null);
    }
  }

  /** Stops one service and lets the controller start it again on its next reconcile. */
  async restart(model: string, version: number): Promise<void> {
    const served = this.require(model);
    const record = this.store.get(model, version);
    const service = served.controller.services().find((s) => s.version === version);
    if (!service) {
      throw new PodiumError('NOT_FOUND', `${model}:${version} is not running here`, {
        serviceId: `${model}:${version}`,
      });
    }
    this.store.setDesired(model, version, 'stopped', service.role, service.handle.runtime);
    await served.controller.reconcile();
    if (record?.pinned && record.desiredState === 'running') {
      this.store.setDesired(model, version, 'running', service.role, service.handle.runtime);
    } else {
      // Served because it is champion or in a shadow test: clear the stop so that is what decides.
      this.store.remove(model, version);
    }
    await served.controller.reconcile();
    this.announce(model, served);
  }

  gatewayUrl(model: string): string | null {
    return this.served.get(model)?.controller.url ?? null;
  }

  runningModels(): string[] {
    return [...this.served.keys()];
  }

  /** Live log lines from a service run here, or null when it is not (the caller reads the file). */
  async liveLogs(model: string, version: number, lines: number): Promise<string | null> {
    const service = this.served
      .get(model)
      ?.controller.services()
      .find((s) => s.version === version);
    return service ? await service.handle.logs(lines) : null;
  }

  status(): ServicesOverview {
    const models = new Set([
      ...this.deps.manager.versionStore.models().map((m) => m.name),
      ...this.served.keys(),
    ]);
    const gateways: GatewayStatus[] = [...models].sort().map((model) => {
      const served = this.served.get(model);
      return {
        model,
        url: served?.controller.url ?? null,
        running: served !== undefined,
        runtime: served?.runtime ?? this.deps.workspace.config.serving.runtime,
      };
    });
    return { gateways, services: this.services() };
  }

  services(model?: string): ServiceStatus[] {
    return this.store.list(model).map((record) => ({
      serviceId: `${record.modelName}:${record.version}`,
      model: record.modelName,
      version: record.version,
      role: record.role,
      runtime: record.runtime,
      desiredState: record.desiredState,
      state: record.state,
      url: record.url,
      restarts: record.restarts,
      logFile: record.logFile,
      updatedAt: record.updatedAt,
    }));
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private require(model: string): Served {
    const served = this.served.get(model);
    if (!served) {
      throw new PodiumError('CONFLICT', `No gateway for ${model} runs here; start services first`, { model });
    }
    return served;
  }

  private watch(model: string, served: Served): void {
    const { manager, alerts, events, logger } = this.deps;
    try {
      for (const decision of manager.shadow.checkAll(model, 'ui')) {
        alerts.raise(shadowFinishedAlert(decision));
        void served.controller.reconcile();
      }
      for (const test of manager.shadowTestStore.list(model, { openOnly: true })) {
        if (test.status !== 'running') continue;
        const report = manager.shadow.report(test);
        events.emit('shadow.updated', {
          testId: test.id,
          labelledPairs: report.labelled_pairs,
          mirroredRequests: report.mirrored_requests,
        });
      }
    } catch (error) {
      logger.error({ err: error }, 'shadow check failed');
    }
    this.announce(model, served, true);
  }

  /** Announces the model's services; with `onlyIfChanged`, only when their states moved. */
  private announce(model: string, served: Served | null, onlyIfChanged = false): void {
    const services = this.services(model);
    const state = JSON.stringify(services.map((s) => [s.version, s.role, s.state, s.url, s.restarts]));
    if (onlyIfChanged && served && served.lastState === state) return;
    if (served) served.lastState = state;
    this.deps.events.emit('services.changed', { model, services });
  }
}
