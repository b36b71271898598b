import type Dockerode from 'dockerode';
import { PACKAGE_ROOT } from '../../config/index.js';
import { PodiumError } from '../../contract/errors.js';
import { TOKEN_SHA256_ENV } from '../auth-guard.js';
import { assertBindAllowed } from '../bind-policy.js';
import type { Runtime } from '../runtime.js';
import { type ServiceSpec, serviceName } from '../service-spec.js';
import { type BaseImage, ensureBaseImage } from './base-image.js';
import { DockerService } from './docker-service.js';
import { createDockerClient, isNotFound, requireDocker } from './engine.js';
import { containerLabels, LABEL, specFromLabels, workspaceFilter } from './labels.js';
import { ensureModelImage, type ModelImage, PORT_ENV, serviceCommand } from './model-image.js';
import { ensureRuntimeImage, type RuntimeImage } from './runtime-image.js';

export type DockerRuntimeOptions = {
  /** Which workspace's containers these are: adopt() and list() see only this workspace's. */
  workspaceId: string;
  /** Engine socket; dockerode's default (DOCKER_HOST, then /var/run/docker.sock) when absent. */
  socketPath?: string;
  /** An existing client instead of socketPath. */
  docker?: Dockerode;
  /** config `serving.docker_base_image`; offline, a base image is built from the local Node runtime. */
  baseImage?: string;
  /** The Podium installation whose dist/ and node_modules/ go into the runtime image. */
  projectRoot?: string;
  /**
   * host (Linux): the service binds the spec's host and port directly, no NAT or private network.
   * bridge (Docker Desktop): it binds 0.0.0.0 inside and is published on 127.0.0.1 only.
   */
  network?: 'host' | 'bridge';
  /** How often the engine restarts a crashed service before it counts as failed. */
  maxRestarts?: number;
  stopTimeoutSeconds?: number;
  healthTimeoutMs?: number;
  /** Build and pull output, line by line. */
  onBuildOutput?: (line: string) => void;
};

export type PreparedImages = { base: BaseImage; runtime: RuntimeImage; model: ModelImage };

/**
 * Runs model services as containers on a local Docker engine. The restart policy is
 * `on-failure` with a bounded retry count rather than `unless-stopped`: a crashing model
 * restarts a few times and then shows as failed instead of looping for ever, a deliberate stop
 * stays stopped, and containers still running when Podium exits are adopted by the next Podium.
 */
export class DockerRuntime implements Runtime {
  readonly name = 'docker' as const;
  readonly docker: Dockerode;
  private readonly workspaceId: string;
  private runtimeImage: Promise<{ base: BaseImage; runtime: RuntimeImage }> | null = null;

  constructor(private readonly options: DockerRuntimeOptions) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(options.workspaceId)) {
      throw new PodiumError(
        'USAGE',
        `Workspace id "${options.workspaceId}" must be letters, digits, . _ or -`,
      );
    }
    this.workspaceId = options.workspaceId;
    this.docker = options.docker ?? createDockerClient({ socketPath: options.socketPath });
  }

  /**
   * Builds what is missing (base, runtime and model image), starts the container and resolves
   * once /health answers. A running container of the same service in this workspace, started
   * with the same spec and image, is adopted instead of replaced.
   */
  async start(spec: ServiceSpec): Promise<DockerService> {
    assertBindAllowed(spec.host, spec.tokenSha256 !== undefined);
    await requireDocker(this.docker);
    const name = serviceName(spec);
    // Container names are global on the engine; never touch another workspace's (or anyone's).
    const owner = (await this.inspectContainer(name))?.Config.Labels?.[LABEL.workspace];
    if (owner !== undefined && owner !== this.workspaceId) {
      throw new PodiumError(
        'CONFLICT',
        `A container named ${name} belongs to workspace ${owner}; stop it there or use another environment name`,
        { container: name, workspace: owner },
      );
    }
    const images = await this.prepareImages(spec);
    const existing = await this.inspectContainer(name);
    if (existing) {
      const labels = existing.Config.Labels ?? {};
      if (labels[LABEL.managed] !== 'true' || labels[LABEL.workspace] !== this.workspaceId) {
        throw new PodiumError('CONFLICT', `A container named ${name} exists and is not this workspace's`, {
          container: name,
        });
      }
      const same = withTokenSha256(specFromLabels(labels), existing.Config.Env);
      if (existing.State.Running && existing.Image === images.model.id && sameSpec(same, spec)) {
        const service = new DockerService(this.docker.getContainer(existing.Id), spec, this.stopTimeout());
        await service.waitUntilHealthy(this.healthTimeout());
        return service;
      }
      await new DockerService(this.docker.getContainer(existing.Id), same ?? spec, this.stopTimeout()).stop();
    }

    const host = this.network() === 'host';
    const port = `${spec.port}/tcp`;
    const container = await this.docker.createContainer({
      name,
      Image: images.model.ref,
      Cmd: host
        ? serviceCommand(spec, spec.host)
        : [...serviceCommand(spec, '0.0.0.0'), '--published-host', '127.0.0.1'],
      // The token's hash only: the engine shows a container's environment to anyone who may inspect it.
      Env: [
        `${PORT_ENV}=${spec.port}`,
        ...(spec.tokenSha256 === undefined ? [] : [`${TOKEN_SHA256_ENV}=${spec.tokenSha256}`]),
      ],
      Labels: containerLabels(spec, this.workspaceId),
      StopTimeout: this.stopTimeout(),
      ...(host ? {} : { ExposedPorts: { [port]: {} } }),
      HostConfig: {
        NetworkMode: host ? 'host' : 'bridge',
        ...(host ? {} : { PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: String(spec.port) }] } }),
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: this.options.maxRestarts ?? 5 },
        // The service only reads its package and answers HTTP: no root, no writes, no capabilities.
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=64m' },
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        // json-file whatever the engine's default driver, so logs() can read it back; rotated to bound disk use.
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      },
    });
    const service = new DockerService(container, spec, this.stopTimeout());
    try {
      await container.start();
      await service.waitUntilHealthy(this.healthTimeout());
    } catch (error) {
      await service.stop(2).catch(() => {});
      throw error;
    }
    return service;
  }

  /**
   * Handles for this workspace's containers that are running (or being restarted by the engine),
   * so a Podium that starts again takes over the services the last one left running.
   */
  async adopt(): Promise<DockerService[]> {
    await requireDocker(this.docker);
    const services = (await this.list()).filter((service) => {
      const state = service.state();
      return state !== 'stopped' && state !== 'failed';
    });
    await Promise.all(
      services.map(async (service) => {
        const answer = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(2_000) }).catch(
          () => null,
        );
        if (answer?.status === 200) service.markHealthy();
      }),
    );
    return services;
  }

  /** All of this workspace's service containers, whatever their state (a failed one can be stopped). */
  async list(): Promise<DockerService[]> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: workspaceFilter(this.workspaceId),
    });
    const services: DockerService[] = [];
    for (const summary of containers) {
      const labelled = specFromLabels(summary.Labels);
      if (!labelled) continue;
      // The list summary has no environment; the token hash is read from the container itself.
      const env = (await this.inspectContainer(summary.Id))?.Config.Env;
      const spec = withTokenSha256(labelled, env);
      if (!spec) continue;
      const service = new DockerService(this.docker.getContainer(summary.Id), spec, this.stopTimeout());
      await service.refresh();
      services.push(service);
    }
    return services;
  }

  /** Builds (or finds) the three images a spec needs; start() calls it, a CLI can call it ahead. */
  async prepareImages(spec: ServiceSpec): Promise<PreparedImages> {
    const { base, runtime } = await this.ensureRuntime();
    const model = await ensureModelImage(this.docker, {
      runtimeRef: runtime.ref,
      spec,
      workspaceId: this.workspaceId,
      onLine: this.options.onBuildOutput,
    });
    return { base, runtime, model };
  }

  /** Removes this workspace's model images that no container uses; returns their references. */
  async removeModelImages(): Promise<string[]> {
    const images = await this.docker.listImages({
      filters: { label: [...workspaceFilter(this.workspaceId).label, `${LABEL.image}=model`] },
    });
    const removed: string[] = [];
    for (const image of images) {
      try {
        await this.docker.getImage(image.Id).remove({ force: false });
        removed.push(image.RepoTags?.[0] ?? image.Id);
      } catch {
        // In use by a container: it stays until that service is stopped.
      }
    }
    return removed;
  }

  /** The base and runtime images are the same for every service; build them once per runtime. */
  private ensureRuntime(): Promise<{ base: BaseImage; runtime: RuntimeImage }> {
    this.runtimeImage ??= (async () => {
      const onLine = this.options.onBuildOutput;
      const base = await ensureBaseImage(this.docker, {
        preferred: this.options.baseImage ?? 'node:20-slim',
        onLine,
      });
      const root = this.options.projectRoot ?? PACKAGE_ROOT;
      const runtime = await ensureRuntimeImage(this.docker, { root, base, onLine });
      return { base, runtime };
    })();
    // A failed build is retried by the next start, not remembered.
    this.runtimeImage.catch(() => {
      this.runtimeImage = null;
    });
    return this.runtimeImage;
  }

  private async inspectContainer(name: string) {
    try {
      return await this.docker.getContainer(name).inspect();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private network(): 'host' | 'bridge' {
    return this.options.network ?? (process.platform === 'linux' ? 'host' : 'bridge');
  }

  private stopTimeout(): number {
    return this.options.stopTimeoutSeconds ?? 10;
  }

  private healthTimeout(): number {
    return this.options.healthTimeoutMs ?? 60_000;
  }
}

function sameSpec(a: ServiceSpec | null, b: ServiceSpec): boolean {
  return (
    a !== null &&
    a.role === b.role &&
    a.port === b.port &&
    a.host === b.host &&
    a.batchLimit === b.batchLimit &&
    a.packageDir === b.packageDir &&
    a.tokenSha256 === b.tokenSha256
  );
}

/** A spec rebuilt from labels, completed with the token hash the container was started with. */
function withTokenSha256(spec: ServiceSpec | null, env: string[] | undefined): ServiceSpec | null {
  if (!spec) return null;
  const prefix = `${TOKEN_SHA256_ENV}=`;
  const entry = env?.find((line) => line.startsWith(prefix));
  return entry === undefined ? spec : { ...spec, tokenSha256: entry.slice(prefix.length) };
}
