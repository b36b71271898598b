import type { Logger } from 'pino';
import { PodiumError } from '../contract/errors.js';
import type { GatewayStatus, ServiceStatus, ServicesOverview } from '../contract/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import type { ServedModels } from '../serving/served-models.js';
import { parseServiceId } from '../serving/service-id.js';
import { type ServiceStore, toServiceStatus } from '../serving/service-store.js';
import type { Workspace } from '../workspace/index.js';
import type { EventHub } from './event-hub.js';
import type { ServingSession, ServingSessionStores } from './serving-session.js';

/**
 * What `podium serve` does, for the UI and per model: one serving session each (the gateway
 * process, the services, the serving monitor, the shadow-test watch), whose checks also tell
 * the UI how shadow tests and services move. Stopped on `services.stop` or close.
 */
export class ServingHub implements ServedModels {
  private readonly served = new Map<string, ServingSession>();
  private readonly starting = new Map<string, Promise<void>>();
  /** What was last announced per model, so a check announces only what moved. */
  private readonly announced = new Map<string, string>();
  /** The services table, shared with a `podium serve` in another process. */
  private readonly store: ServiceStore;

  constructor(
    private readonly deps: {
      workspace: Workspace;
      stores: ServingSessionStores;
      manager: ChampionChallengerManager;
      alerts: AlertService;
      events: EventHub;
      logger: Logger;
      environment: string;
    },
  ) {
    this.store = deps.stores.services;
  }

  async start(model: string, options: { runtime?: 'process' | 'docker'; gatewayPort?: number } = {}) {
    if (this.served.has(model)) return;
    // Two starts at once (a double click, the tray and a view) share one session.
    const pending = this.starting.get(model);
    if (pending) return pending;
    const starting = this.startSession(model, options).finally(() => this.starting.delete(model));
    this.starting.set(model, starting);
    return starting;
  }

  private async startSession(
    model: string,
    options: { runtime?: 'process' | 'docker'; gatewayPort?: number },
  ) {
    const { workspace, stores, manager, alerts } = this.deps;
    // The gateway, its metrics server (fastify, prom-client) and the service runtimes load when a
    // model is first served here, not with the API every CLI command opens.
    const { startServingSession } = await import('./serving-session.js');
    const session = await startServingSession({
      workspace,
      manager,
      stores,
      alerts,
      modelName: model,
      runtime: options.runtime,
      gatewayPort: options.gatewayPort,
      environment: this.deps.environment,
      actor: 'ui',
      onCheck: () => this.watch(model),
    });
    this.served.set(model, session);
    this.announce(model);
  }

  async stop(model?: string): Promise<void> {
    const models = model === undefined ? [...this.served.keys()] : [model];
    for (const name of models) {
      const session = this.served.get(name);
      if (!session) continue;
      this.served.delete(name);
      await session.stop();
      this.announce(name);
      this.announced.delete(name);
    }
  }

  /** Stops one service and lets the controller start it again on its next reconcile. */
  async restart(model: string, version: number): Promise<void> {
    const { controller } = this.require(model);
    const record = this.store.get(model, version);
    const service = controller.services().find((s) => s.version === version);
    if (!service) {
      throw new PodiumError('NOT_FOUND', `${model}:${version} is not running here`, {
        serviceId: `${model}:${version}`,
      });
    }
    this.store.setDesired(model, version, 'stopped', service.role, service.handle.runtime);
    await controller.reconcile();
    if (record?.pinned && record.desiredState === 'running') {
      this.store.setDesired(model, version, 'running', service.role, service.handle.runtime);
    } else {
      // Served because it is champion or in a shadow test: clear the stop so that is what decides.
      this.store.remove(model, version);
    }
    await controller.reconcile();
    this.announce(model);
  }

  gatewayUrl(model: string): string | null {
    return this.served.get(model)?.url ?? null;
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
    const models = new Set([...this.deps.stores.versions.models().map((m) => m.name), ...this.served.keys()]);
    const gateways: GatewayStatus[] = [...models].sort().map((model) => {
      const session = this.served.get(model);
      return {
        model,
        url: session?.url ?? null,
        running: session !== undefined,
        runtime: session?.runtime ?? this.deps.workspace.config.serving.runtime,
      };
    });
    return { gateways, services: this.services() };
  }

  /** One service by its `<model>:<version>` id; NOT_FOUND when there is none. */
  service(id: string): ServiceStatus {
    const { model, version } = parseServiceId(id);
    const service = this.services(model).find((s) => s.version === version);
    if (!service)
      throw new PodiumError('NOT_FOUND', `No service ${id}`, { field: 'serviceId', serviceId: id });
    return service;
  }

  services(model?: string): ServiceStatus[] {
    return this.store.list(model).map(toServiceStatus);
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private require(model: string): ServingSession {
    const session = this.served.get(model);
    if (!session) {
      throw new PodiumError('CONFLICT', `No gateway for ${model} runs here; start services first`, { model });
    }
    return session;
  }

  /** After each of the session's shadow-test checks: what the UI shows moving. */
  private watch(model: string): void {
    const { stores, manager, events, logger } = this.deps;
    try {
      for (const test of stores.shadowTests.list(model, { openOnly: true })) {
        if (test.status !== 'running') continue;
        const report = manager.shadow.report(test);
        events.emit('shadow.updated', {
          testId: test.id,
          labelledPairs: report.labelledPairs,
          mirroredRequests: report.mirroredRequests,
        });
      }
    } catch (error) {
      logger.error({ err: error }, 'shadow report failed');
    }
    this.announce(model, true);
  }

  /** Announces the model's services; with `onlyIfChanged`, only when their states moved. */
  private announce(model: string, onlyIfChanged = false): void {
    const services = this.services(model);
    const state = JSON.stringify(services.map((s) => [s.version, s.role, s.state, s.url, s.restarts]));
    if (onlyIfChanged && this.announced.get(model) === state) return;
    this.announced.set(model, state);
    this.deps.events.emit('services.changed', { model, services });
  }
}
