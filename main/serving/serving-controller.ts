import { join } from 'node:path';
import { PodiumError } from '../contract/errors.js';
import type { ShadowTestService, ShadowTestStore } from '../lifecycle/index.js';
import type { VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { hashToken } from './auth-guard.js';
import { assertBindAllowed } from './bind-policy.js';
import { findFreePort } from './free-port.js';
import { SupervisedGateway } from './gateway-process.js';
import { gatewayRecordFile } from './gateway-record.js';
import type { Runtime } from './runtime.js';
import { type ServiceHandle, type ServiceRole, serviceName } from './service-spec.js';
import type { ServiceStore } from './service-store.js';

export type ServingControllerOptions = {
  workspace: Workspace;
  /** Pending shadow tests become running ones once something serves them. */
  shadow: Pick<ShadowTestService, 'activatePending'>;
  stores: { versions: VersionStore; shadowTests: ShadowTestStore; services: ServiceStore };
  modelName: string;
  runtime: Runtime;
  /** Defaults to the workspace's own environment. */
  environment?: string;
  gatewayPort?: number;
  reconcileIntervalMs?: number;
};

type Running = { handle: ServiceHandle; role: ServiceRole };

/**
 * Runs what the registry says should serve: the champion and every running shadow test's
 * challenger, each as a service, behind one gateway in its own process. It reconciles desired
 * state (registry, shadow tests, the services table other CLIs write) with what runs, so a
 * promotion made in another terminal switches traffic here within a second, without dropping
 * requests.
 */
export class ServingController {
  private gatewayProcess: SupervisedGateway | null = null;
  private readonly versions: VersionStore;
  private readonly serviceStore: ServiceStore;
  private readonly running = new Map<number, Running>();
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private readonly takenPorts = new Set<number>();
  /** Only the hash of serving.auth_token is kept and handed on, to the gateway and the services. */
  private readonly tokenSha256: string | undefined;

  constructor(private readonly options: ServingControllerOptions) {
    const { workspace } = options;
    this.versions = options.stores.versions;
    this.serviceStore = options.stores.services;
    const token = workspace.config.serving.auth_token;
    // Part of what makes prod prod: nobody reaches its models without the token.
    if (workspace.environment === 'prod' && token === undefined) {
      throw new PodiumError(
        'CONFIG_INVALID',
        'Serving in prod requires a token: set prod.serving_auth_token (16+ characters) in config.local.yaml or PODIUM_PROD_SERVING_AUTH_TOKEN; nothing was started',
        { key: 'prod.serving_auth_token', environment: 'prod' },
      );
    }
    this.tokenSha256 = token === undefined ? undefined : hashToken(token);
  }

  get url(): string | null {
    return this.gatewayProcess?.url ?? null;
  }

  /** The gateway process this controller steers (started or adopted by start()). */
  get gateway(): SupervisedGateway {
    if (!this.gatewayProcess) throw new Error(`The gateway for ${this.options.modelName} is not started`);
    return this.gatewayProcess;
  }

  async start(): Promise<string> {
    const { workspace, modelName } = this.options;
    const { serving } = workspace.config;
    // The gateway and every service bind serving.host: refuse before anything starts.
    assertBindAllowed(serving.host, this.tokenSha256 !== undefined);
    const environment = this.options.environment ?? workspace.environment;
    // First, so that a gateway another live Podium runs is refused before anything is touched.
    this.gatewayProcess = await SupervisedGateway.open(
      {
        modelName,
        environment,
        host: serving.host,
        port: this.options.gatewayPort ?? serving.port,
        databaseFile: workspace.paths.database,
        mirrorQueueLimit: serving.mirror_queue_limit,
        tokenSha256: this.tokenSha256,
        recordFile: gatewayRecordFile(workspace.paths.root, modelName),
        logFile: join(workspace.paths.logs, 'gateway', `podium-${environment}-${modelName}-gateway.log`),
      },
      {
        onReplace: (record) =>
          workspace.logger.info(
            { model: modelName, pid: record.pid },
            'gateway runs with other settings; replacing it',
          ),
      },
    );
    if (this.gatewayProcess.adopted) {
      workspace.logger.info({ model: modelName, pid: this.gatewayProcess.pid }, 'gateway adopted');
    }
    for (const handle of await this.options.runtime.adopt()) {
      if (handle.spec.modelName !== this.options.modelName) continue;
      if (handle.spec.tokenSha256 !== this.tokenSha256) {
        // Started with another token (or none): it would refuse the callers' token, or accept
        // anyone's. It is replaced by the next reconcile.
        this.options.workspace.logger.info(
          { version: handle.spec.version },
          'service runs with another serving.auth_token; replacing it',
        );
        await handle.stop();
        continue;
      }
      this.running.set(handle.spec.version, { handle, role: handle.spec.role });
      this.takenPorts.add(handle.spec.port);
    }
    // The gateway starts with the routing the first pass decided, so it never answers without a
    // champion that exists.
    await this.reconcile();
    await this.gatewayProcess.start();
    this.timer = setInterval(
      () =>
        void this.reconcile().catch((error) =>
          this.options.workspace.logger.error({ err: error }, 'reconcile failed'),
        ),
      this.options.reconcileIntervalMs ?? 1_000,
    );
    this.timer.unref();
    return this.gatewayProcess.url as string;
  }

  /** One pass of desired-versus-actual; passes never overlap. */
  reconcile(): Promise<void> {
    if (!this.reconciling) {
      this.reconciling = this.reconcileOnce().finally(() => {
        this.reconciling = null;
      });
    }
    return this.reconciling;
  }

  private desired(): Map<number, ServiceRole> {
    const model = this.options.modelName;
    const desired = new Map<number, ServiceRole>();
    const records = this.serviceStore.list(model);
    const stopped = new Set(records.filter((s) => s.desiredState === 'stopped').map((s) => s.version));
    const champion = this.versions.champion(model);
    if (champion && !stopped.has(champion.version)) desired.set(champion.version, 'champion');
    // A start_shadow decision becomes a running test once something serves it.
    this.options.shadow.activatePending(model, 'serve');
    for (const test of this.options.stores.shadowTests.list(model, { openOnly: true })) {
      if (!stopped.has(test.challengerVersion) && !desired.has(test.challengerVersion)) {
        desired.set(test.challengerVersion, 'shadow');
      }
    }
    // Asked for by `podium services start`: served beside the others as a mirrored shadow.
    for (const record of records) {
      if (record.desiredState === 'running' && record.pinned && !desired.has(record.version)) {
        desired.set(record.version, 'shadow');
      }
    }
    return desired;
  }

  private async reconcileOnce(): Promise<void> {
    const desired = this.desired();
    for (const [version, role] of desired) {
      if (!this.running.has(version)) await this.startService(version, role);
    }
    const gateway = this.gateway;
    const championVersion = [...desired].find(([, role]) => role === 'champion')?.[0];
    if (championVersion !== undefined) {
      const champion = this.running.get(championVersion)!;
      champion.role = 'champion';
      // Also when the version is the same but its service is a new one (an adopted gateway
      // still points at the services of the Podium that started it).
      if (gateway.championVersion !== championVersion || gateway.championUrl !== champion.handle.url) {
        // Start the new one, wait for healthy (startService did), switch, then drain the old;
        // the gateway takes it out of the shadows first.
        await gateway.setChampion(championVersion, champion.handle.url);
      }
    }
    for (const [version, role] of desired) {
      const url = this.running.get(version)!.handle.url;
      if (role === 'shadow' && gateway.shadowUrl(version) !== url) await gateway.addShadow(version, url);
    }
    for (const version of gateway.shadowVersions) {
      if (desired.get(version) !== 'shadow') await gateway.removeShadow(version);
    }
    for (const [version, service] of [...this.running]) {
      if (desired.has(version)) continue;
      this.running.delete(version);
      this.takenPorts.delete(service.handle.spec.port);
      await service.handle.stop();
      this.report(version, service, 'stopped');
    }
    for (const [version, service] of this.running) this.report(version, service, service.handle.state());
  }

  private async startService(version: number, role: ServiceRole): Promise<void> {
    const { workspace, modelName } = this.options;
    const record = this.versions.get(modelName, version);
    // A port found free may be taken before the service binds it (another workspace starting its
    // services at the same time): the next free one is tried, a few times, then the error stands.
    const lost = new Set<number>();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startServiceOn(
          version,
          role,
          record.packagePath,
          new Set([...this.takenPorts, ...lost]),
        );
      } catch (error) {
        const details = (error as PodiumError).details;
        if (attempt >= 5 || details?.reason !== 'service_port_taken') throw error;
        lost.add(Number(details.port));
        workspace.logger.warn(
          { model: modelName, version, port: details.port },
          'service port taken; trying the next',
        );
      }
    }
  }

  private async startServiceOn(
    version: number,
    role: ServiceRole,
    packageDir: string,
    skip: Set<number>,
  ): Promise<void> {
    const { workspace, modelName } = this.options;
    const { serving } = workspace.config;
    const port = await findFreePort(serving.host, serving.service_port_start, skip);
    this.takenPorts.add(port);
    const spec = {
      modelName,
      version,
      role,
      packageDir,
      host: serving.host,
      port,
      environment: this.options.environment ?? workspace.environment,
      batchLimit: serving.batch_limit,
      tokenSha256: this.tokenSha256,
      logFile: join(
        workspace.paths.logs,
        'services',
        `${serviceName({ modelName, version, environment: this.options.environment ?? workspace.environment })}.log`,
      ),
    };
    try {
      const handle = await this.options.runtime.start(spec);
      this.running.set(version, { handle, role });
      this.report(version, { handle, role }, 'running');
      workspace.logger.info({ model: modelName, version, role, url: handle.url }, 'service started');
    } catch (error) {
      this.takenPorts.delete(port);
      workspace.logger.error({ err: error, version }, 'service failed to start');
      this.serviceStore.report({
        modelName,
        version,
        role,
        runtime: this.options.runtime.name,
        state: 'failed',
        url: null,
        handle: null,
        restarts: 0,
        logFile: spec.logFile,
      });
      throw error;
    }
  }

  private report(version: number, service: Running, state: string): void {
    this.serviceStore.report({
      modelName: this.options.modelName,
      version,
      role: service.role,
      runtime: service.handle.runtime,
      state,
      url: service.handle.url,
      handle: service.handle.id,
      restarts: service.handle.restarts(),
      logFile: service.handle.spec.logFile,
    });
  }

  services(): { version: number; role: ServiceRole; handle: ServiceHandle }[] {
    return [...this.running].map(([version, service]) => ({
      version,
      role: service.role,
      handle: service.handle,
    }));
  }

  async stop(options: { keepContainers?: boolean } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.reconciling?.catch(() => {});
    await this.gatewayProcess?.stop();
    for (const [version, service] of [...this.running]) {
      if (!options.keepContainers || service.handle.runtime !== 'docker') {
        await service.handle.stop();
        this.report(version, service, 'stopped');
      }
      this.running.delete(version);
    }
  }
}
