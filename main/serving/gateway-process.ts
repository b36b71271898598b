import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PodiumError } from '../contract/errors.js';
import { assertBindAllowed } from './bind-policy.js';
import type { GatewayProcessStatus } from './gateway-admin.js';
import {
  GATEWAY_ADMIN_KEY_ENV,
  GATEWAY_CANNOT_LISTEN_EXIT,
  GATEWAY_CANNOT_LISTEN_PREFIX,
  GatewayControl,
} from './gateway-control.js';
import {
  type GatewayRecord,
  type GatewaySettings,
  gatewayRecordFile,
  readGatewayRecord,
} from './gateway-record.js';
import type { GatewayRouting } from './gateway-routing.js';
import { serviceEnvironment } from './process-runtime.js';
import type { ServiceState } from './service-spec.js';
import { isProcessAlive, type RestartPolicy, SupervisedProcess, stopAdopted } from './supervised-process.js';

const GATEWAY_ENTRY = fileURLToPath(new URL('./gateway-main.js', import.meta.url));

export type GatewaySpec = GatewaySettings & {
  /** Where the gateway process writes its record (gateway-record.ts). */
  recordFile: string;
  logFile: string;
};

/**
 * A model's gateway in its own supervised process, so that live predictions never wait for
 * heavy work in the Podium that steers it (a drift check, a training job, the UI). Restarted
 * with backoff like a model service; when a Podium finds one already running for the model in
 * its workspace, with the same settings and no other live Podium steering it, it adopts it
 * instead of starting a second. Routing changes go over the admin endpoint (gateway-admin.ts).
 */
export class SupervisedGateway {
  private routingNow: GatewayRouting = { champion: null, shadows: [] };
  private control: GatewayControl | null = null;
  private currentUrl: string | null = null;
  private port: number;
  private readonly process: SupervisedProcess;

  private constructor(
    readonly spec: GatewaySpec,
    private readonly adminKey: string,
    policy: RestartPolicy | undefined,
  ) {
    this.port = spec.port;
    this.process = new SupervisedProcess({
      command: () => ({
        script: GATEWAY_ENTRY,
        args: [
          '--model',
          spec.modelName,
          '--environment',
          spec.environment,
          '--database',
          spec.databaseFile,
          '--record',
          spec.recordFile,
          '--host',
          spec.host,
          // A restart takes the port the first start got, so callers keep their address.
          '--port',
          String(this.port),
          '--owner-pid',
          String(process.pid),
          '--mirror-queue-limit',
          String(spec.mirrorQueueLimit),
          // A restarted gateway routes as its predecessor did from its first request.
          '--routing',
          JSON.stringify(this.routingNow),
        ],
        env: { ...serviceEnvironment(spec), [GATEWAY_ADMIN_KEY_ENV]: adminKey },
        banner: `gateway for ${spec.modelName}`,
      }),
      logFile: spec.logFile,
      ready: (timeoutMs, isAlive) => this.awaitReady(timeoutMs, isAlive),
      onRestarted: () => this.push(),
      policy,
      detached: true,
    });
  }

  /**
   * The gateway already running for this model in this workspace (adopted), or a new one to
   * `start()`. One started with other settings (port, token…) is stopped and replaced; one
   * that another live Podium steers is left alone and refused with a CONFLICT.
   */
  static async open(
    spec: GatewaySpec,
    options: { policy?: RestartPolicy; onReplace?: (record: GatewayRecord) => void } = {},
  ): Promise<SupervisedGateway> {
    const record = readGatewayRecord(spec.recordFile);
    if (record && isProcessAlive(record.pid)) {
      const control = new GatewayControl(record.adminUrl, record.adminKey);
      const status = await control.status().catch(() => null);
      // The record's pid answers on its admin endpoint: it is that gateway, not a reused pid.
      if (status && status.pid === record.pid && status.model === spec.modelName) {
        if (status.ownerPid !== process.pid && isProcessAlive(status.ownerPid)) {
          throw new PodiumError(
            'CONFLICT',
            `The gateway for ${spec.modelName} on ${status.url} (pid ${status.pid}) is run by another Podium (pid ${status.ownerPid}); stop serving there first, or send requests to it as it is`,
            { model: spec.modelName, url: status.url, pid: status.pid, ownerPid: status.ownerPid },
          );
        }
        if (sameSettings(record, spec)) {
          const gateway = new SupervisedGateway(spec, record.adminKey, options.policy);
          gateway.control = control;
          gateway.currentUrl = status.url;
          gateway.port = Number(new URL(status.url).port);
          gateway.routingNow = status.routing;
          await control.claim(process.pid);
          gateway.process.adopt(record.pid);
          return gateway;
        }
        options.onReplace?.(record);
        await stopAdopted(record.pid, 10_000);
      }
    }
    return new SupervisedGateway(spec, randomBytes(32).toString('hex'), options.policy);
  }

  /** Starts the process (unless adopted) and resolves once it answers on its admin endpoint. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.process.state() === 'running') return;
    // Refused here, before anything starts, as well as in the process itself.
    assertBindAllowed(this.spec.host, this.spec.tokenSha256 !== undefined);
    await this.process.start(timeoutMs);
  }

  get url(): string | null {
    return this.currentUrl;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** True when this Podium took over a gateway another one had started. */
  get adopted(): boolean {
    return this.process.adopted;
  }

  state(): ServiceState {
    return this.process.state();
  }

  restarts(): number {
    return this.process.restarts();
  }

  logs(lines?: number): Promise<string> {
    return this.process.logs(lines);
  }

  get championVersion(): number | null {
    return this.routingNow.champion?.version ?? null;
  }

  get championUrl(): string | null {
    return this.routingNow.champion?.url ?? null;
  }

  get shadowVersions(): number[] {
    return this.routingNow.shadows.map((s) => s.version);
  }

  shadowUrl(version: number): string | null {
    return this.routingNow.shadows.find((s) => s.version === version)?.url ?? null;
  }

  /**
   * Points new requests at another champion service (already started and healthy); resolves
   * once the old one's requests in flight have finished.
   */
  async setChampion(version: number, url: string): Promise<void> {
    this.routingNow = {
      champion: { version, url },
      shadows: this.routingNow.shadows.filter((s) => s.version !== version),
    };
    await this.push();
  }

  async addShadow(version: number, url: string): Promise<void> {
    const shadows = this.routingNow.shadows.filter((s) => s.version !== version);
    this.routingNow = { ...this.routingNow, shadows: [...shadows, { version, url }] };
    await this.push();
  }

  async removeShadow(version: number): Promise<void> {
    this.routingNow = {
      ...this.routingNow,
      shadows: this.routingNow.shadows.filter((s) => s.version !== version),
    };
    await this.push();
  }

  /** What the process itself says: its pid, address, owner and routing. */
  status(): Promise<GatewayProcessStatus> {
    return this.requireControl().status();
  }

  /** Waits until every queued mirror has been sent and the prediction log is written. */
  async mirrorsIdle(): Promise<void> {
    await this.requireControl().mirrorsIdle();
  }

  /** The gateway's Prometheus exposition (requests, latency, mirrors). */
  metrics(): Promise<string> {
    return this.requireControl().metrics();
  }

  /** Drains and stops the process (SIGTERM; SIGKILL if it does not end in time). */
  stop(timeoutMs = 15_000): Promise<void> {
    return this.process.stop(timeoutMs);
  }

  private requireControl(): GatewayControl {
    if (!this.control || this.process.state() !== 'running') {
      throw new PodiumError(
        'UNAVAILABLE',
        `The gateway for ${this.spec.modelName} is ${this.process.state()}; try again once it runs`,
        { model: this.spec.modelName, state: this.process.state() },
      );
    }
    return this.control;
  }

  /**
   * Sends the routing to a running process. One that is starting or restarting is skipped: it
   * starts with the routing as it is then, and is sent it again once ready.
   */
  private async push(): Promise<void> {
    if (!this.control || this.process.state() !== 'running') return;
    try {
      await this.control.route(this.routingNow);
    } catch (error) {
      if (this.process.state() === 'running') throw error;
    }
  }

  /** Ready once the process has written its record and answers on its admin endpoint. */
  private async awaitReady(timeoutMs: number, isAlive: () => boolean): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isAlive()) throw await this.startFailure();
      const pid = this.process.pid;
      const record = readGatewayRecord(this.spec.recordFile);
      if (pid !== undefined && record?.pid === pid) {
        const control = new GatewayControl(record.adminUrl, this.adminKey);
        const status = await control.status().catch(() => null);
        if (status?.pid === pid) {
          this.control = control;
          this.currentUrl = status.url;
          this.port = Number(new URL(status.url).port);
          return;
        }
      }
      await sleep(50);
    }
    throw new PodiumError(
      'UNAVAILABLE',
      `The gateway for ${this.spec.modelName} did not start within ${timeoutMs / 1000} s; its log is ${this.spec.logFile}`,
      { logFile: this.spec.logFile },
    );
  }

  /** Why the gateway process died before it served, in words a user can act on. */
  private async startFailure(): Promise<PodiumError> {
    const { modelName, host, port, logFile } = this.spec;
    if (this.process.lastExitCode() === GATEWAY_CANNOT_LISTEN_EXIT) {
      const reason = lastLogLine(logFile, GATEWAY_CANNOT_LISTEN_PREFIX);
      const inUse = reason?.includes('EADDRINUSE') ?? false;
      const holder = inUse ? await portHolder(host, port, dirname(dirname(this.spec.recordFile))) : null;
      const why = holder
        ? holder.description
        : inUse
          ? "another program, or another workspace's gateway, holds it"
          : (reason ?? 'the system refused it');
      return new PodiumError(
        'CONFLICT',
        `The gateway for ${modelName} cannot listen on ${host}:${port}: ${why}. ` +
          `Choose another port: \`podium serve --port N\`, serving.port in config.local.yaml, or the Gateway port field in the UI's Services view.`,
        {
          field: 'port',
          host,
          port,
          logFile,
          ...(reason ? { reason } : {}),
          ...(holder ? { holder: holder.details } : {}),
        },
      );
    }
    return new PodiumError(
      'UNAVAILABLE',
      `The gateway for ${modelName} stopped before it was ready (exit code ${this.process.lastExitCode()}); its log is ${logFile}`,
      { logFile },
    );
  }
}

/**
 * Who holds a port a gateway could not take, when it is a Podium gateway: its `/health` names the
 * model it serves; a live gateway record in this workspace's `run/` for that model on that port
 * makes it this workspace's own (another model's gateway), otherwise it is another workspace's.
 * Null when nothing there answers like a Podium gateway.
 */
async function portHolder(
  host: string,
  port: number,
  workspaceRoot: string,
): Promise<{ description: string; details: Record<string, string | number> } | null> {
  const address = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  let health: { status?: unknown; model?: unknown; champion?: unknown };
  try {
    const response = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(1_000) });
    health = (await response.json()) as typeof health;
  } catch {
    return null;
  }
  if (typeof health?.model !== 'string' || typeof health.status !== 'string') return null;
  const model = health.model;
  const champion = typeof health.champion === 'number' ? `champion v${health.champion}` : 'no champion';
  const own = readGatewayRecord(gatewayRecordFile(workspaceRoot, model));
  if (own && isProcessAlive(own.pid) && Number(new URL(own.url).port) === port) {
    return {
      description: `this workspace's gateway for ${model} holds it (pid ${own.pid}, ${champion})`,
      details: { model, workspace: 'this', pid: own.pid },
    };
  }
  return {
    description: `another Podium gateway holds it (serving ${model}, ${champion}), most likely another workspace's`,
    details: { model, workspace: 'another' },
  };
}

/** The reason after `prefix` on the last log line that starts with it, or null. */
function lastLogLine(file: string, prefix: string): string | null {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .reverse()
      .find((text) => text.startsWith(prefix));
    return line ? line.slice(line.indexOf(': ', prefix.length) + 2).trim() : null;
  } catch {
    return null;
  }
}

/** Settings that decide whether a running gateway serves as this Podium would start it. */
function sameSettings(record: GatewayRecord, spec: GatewaySpec): boolean {
  const running = record.settings;
  const port = Number(new URL(record.url).port);
  return (
    running.modelName === spec.modelName &&
    running.environment === spec.environment &&
    running.host === spec.host &&
    running.databaseFile === spec.databaseFile &&
    running.mirrorQueueLimit === spec.mirrorQueueLimit &&
    running.tokenSha256 === spec.tokenSha256 &&
    // Port 0 asks for any free port: the one it has will do.
    (spec.port === 0 || spec.port === port)
  );
}
