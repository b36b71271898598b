import type { ServiceRole, ServiceSpec } from '../service-spec.js';

/**
 * Everything Podium creates on the engine carries these labels: they are how a later Podium
 * finds its own containers (adopt), and the only thing clean-up ever removes.
 */
export const LABEL = {
  managed: 'podium.managed',
  workspace: 'podium.workspace',
  model: 'podium.model',
  version: 'podium.version',
  role: 'podium.role',
  environment: 'podium.environment',
  // The rest lets a later Podium rebuild the ServiceSpec of a container it adopts.
  host: 'podium.host',
  port: 'podium.port',
  batchLimit: 'podium.batch_limit',
  packageDir: 'podium.package_dir',
  logFile: 'podium.log_file',
  /** Image labels: what a model image was built from, so a stale one is rebuilt. */
  packageSha256: 'podium.package_sha256',
  runtimeImage: 'podium.runtime_image',
  /** The kind of image: base, runtime or model. */
  image: 'podium.image',
} as const;

export function containerLabels(spec: ServiceSpec, workspaceId: string): Record<string, string> {
  return {
    [LABEL.managed]: 'true',
    [LABEL.workspace]: workspaceId,
    [LABEL.model]: spec.modelName,
    [LABEL.version]: String(spec.version),
    [LABEL.role]: spec.role,
    [LABEL.environment]: spec.environment,
    [LABEL.host]: spec.host,
    [LABEL.port]: String(spec.port),
    [LABEL.batchLimit]: String(spec.batchLimit),
    [LABEL.packageDir]: spec.packageDir,
    [LABEL.logFile]: spec.logFile,
  };
}

/** Engine filter for this workspace's managed objects, as the list APIs take it. */
export function workspaceFilter(workspaceId: string): { label: string[] } {
  return { label: [`${LABEL.managed}=true`, `${LABEL.workspace}=${workspaceId}`] };
}

/** The spec a container was started with, or null when its labels are not Podium's. */
export function specFromLabels(labels: Record<string, string> | undefined): ServiceSpec | null {
  if (!labels) return null;
  const role = labels[LABEL.role];
  const version = Number(labels[LABEL.version]);
  const port = Number(labels[LABEL.port]);
  const batchLimit = Number(labels[LABEL.batchLimit]);
  if (role !== 'champion' && role !== 'shadow') return null;
  if (!Number.isInteger(version) || !Number.isInteger(port) || !Number.isInteger(batchLimit)) return null;
  const modelName = labels[LABEL.model];
  const environment = labels[LABEL.environment];
  if (!modelName || !environment) return null;
  return {
    modelName,
    version,
    role: role satisfies ServiceRole,
    environment,
    host: labels[LABEL.host] || '127.0.0.1',
    port,
    batchLimit,
    packageDir: labels[LABEL.packageDir] ?? '',
    logFile: labels[LABEL.logFile] ?? '',
  };
}
