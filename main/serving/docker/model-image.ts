import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { pathExists, sha256Directory } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import type { ServiceSpec } from '../service-spec.js';
import { followProgress, isNotFound } from './engine.js';
import { LABEL } from './labels.js';
import { uploadTar } from './tar-writer.js';

/** Where the model package sits in the image, and the service's entry point. */
export const MODEL_DIR = '/model';
export const SERVICE_ENTRY = '/app/dist/main/serving/service-main.js';

/** The port the image's default command and health check use when a container names none. */
export const DEFAULT_SERVICE_PORT = 8080;
export const PORT_ENV = 'PODIUM_SERVICE_PORT';

/*
 * The health check runs inside the container with the image's own node (no curl in a slim or
 * built base image). It reads the port from the environment, so one image serves on any port.
 */
const HEALTH_PROBE =
  `fetch('http://127.0.0.1:'+process.env.${PORT_ENV}+'/health',{signal:AbortSignal.timeout(2500)})` +
  '.then(r=>process.exit(r.ok?0:1),()=>process.exit(1))';

export type ModelImage = { ref: string; id: string; built: boolean; packageSha256: string };

export type ModelImageOptions = {
  runtimeRef: string;
  spec: ServiceSpec;
  workspaceId: string;
  onLine?: (line: string) => void;
};

/** podium/<environment>-<model>:v<version>, in the characters an image reference allows. */
export function modelImageRef(spec: Pick<ServiceSpec, 'environment' | 'modelName' | 'version'>): string {
  return `podium/${referencePart(spec.environment)}-${referencePart(spec.modelName)}:v${spec.version}`;
}

/** The command a service container runs; the image's default, and what a container overrides. */
export function serviceCommand(spec: ServiceSpec, bindHost: string, role: string = spec.role): string[] {
  return [
    'node',
    SERVICE_ENTRY,
    '--package',
    MODEL_DIR,
    '--host',
    bindHost,
    '--port',
    String(spec.port),
    '--environment',
    spec.environment,
    '--role',
    role,
    '--batch-limit',
    String(spec.batchLimit),
  ];
}

/**
 * One image per model version: the runtime image plus the model package at /model. Reused while
 * both the package's content hash and the runtime image it was built on are unchanged.
 */
export async function ensureModelImage(docker: Dockerode, options: ModelImageOptions): Promise<ModelImage> {
  const { spec } = options;
  if (!(await pathExists(join(spec.packageDir, 'manifest.json')))) {
    throw new PodiumError('PACKAGE_INVALID', `${spec.packageDir} is not a model package (no manifest.json)`, {
      path: spec.packageDir,
    });
  }
  const packageSha256 = await sha256Directory(spec.packageDir);
  const ref = modelImageRef(spec);
  const previous = await imageLabels(docker, ref);
  if (
    previous &&
    previous.labels[LABEL.packageSha256] === packageSha256 &&
    previous.labels[LABEL.runtimeImage] === options.runtimeRef
  ) {
    return { ref, id: previous.id, built: false, packageSha256 };
  }

  const imageSpec = { ...spec, port: DEFAULT_SERVICE_PORT };
  const dockerfile = [
    `FROM ${options.runtimeRef}`,
    `COPY model/ ${MODEL_DIR}/`,
    `ENV ${PORT_ENV}=${DEFAULT_SERVICE_PORT}`,
    `HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ${JSON.stringify(['node', '-e', HEALTH_PROBE])}`,
    `CMD ${JSON.stringify(serviceCommand(imageSpec, '127.0.0.1', 'standalone'))}`,
    '',
  ].join('\n');
  const progress = await uploadTar(
    (archive, abortSignal) =>
      docker.buildImage(archive, {
        t: ref,
        rm: true,
        forcerm: true,
        labels: {
          [LABEL.managed]: 'true',
          [LABEL.image]: 'model',
          [LABEL.workspace]: options.workspaceId,
          [LABEL.model]: spec.modelName,
          [LABEL.version]: String(spec.version),
          [LABEL.environment]: spec.environment,
          [LABEL.packageSha256]: packageSha256,
          [LABEL.runtimeImage]: options.runtimeRef,
        },
        abortSignal,
      }),
    async (tar) => {
      await tar.content('Dockerfile', dockerfile);
      await tar.tree('model', spec.packageDir);
    },
  );
  await followProgress(docker, progress, options.onLine);
  // The image the tag pointed to before is now untagged; drop it unless a container still runs it.
  const current = await imageLabels(docker, ref);
  if (!current)
    throw new PodiumError('INTERNAL', `The build of ${ref} reported success but the image is missing`);
  if (previous && previous.id !== current.id) {
    await docker
      .getImage(previous.id)
      .remove()
      .catch(() => {});
  }
  return { ref, id: current.id, built: true, packageSha256 };
}

async function imageLabels(
  docker: Dockerode,
  ref: string,
): Promise<{ id: string; labels: Record<string, string> } | null> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { id: info.Id, labels: info.Config?.Labels ?? {} };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function referencePart(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned === '' ? 'model' : cleaned;
}
