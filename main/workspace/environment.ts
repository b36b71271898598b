import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { Db } from '../db/index.js';
import { WorkspaceMetaStore } from './workspace-meta-store.js';

/** dev trains and experiments; prod serves what was released to it, behind approvals. */
export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** `--env` or PODIUM_ENV: anything but a known name is a usage error that lists the names. */
export function parseEnvironment(value: string, source = '--env'): EnvironmentName {
  if (isEnvironmentName(value)) return value;
  throw new PodiumError(
    'USAGE',
    `${source} "${value}" is not an environment; use one of ${ENVIRONMENTS.join(', ')}`,
    { environment: value, allowed: [...ENVIRONMENTS] },
  );
}

/**
 * The folder of an environment's workspace. `--workspace DIR` names the dev workspace, so every
 * existing use of it keeps working unchanged; prod lives in prod.workspace when that is set
 * (relative to the current folder), otherwise in DIR's sibling "DIR-prod". They never coincide.
 */
export function environmentWorkspaceDir(
  devDir: string,
  environment: EnvironmentName,
  config: Pick<PodiumConfig, 'prod'>,
  cwd = process.cwd(),
): string {
  const dev = resolve(cwd, devDir);
  if (environment === 'dev') return dev;
  const prod = config.prod.workspace === '' ? `${dev}-prod` : resolve(cwd, config.prod.workspace);
  if (prod === dev) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `prod.workspace names ${prod}, the dev workspace itself; prod needs a folder of its own`,
      { key: 'prod.workspace', path: prod },
    );
  }
  return prod;
}

/**
 * The config as an environment sees it: in prod the serving ports and token come from the prod
 * section, never from dev's, so the two can run side by side and a dev token opens nothing in
 * prod. dev sees the config unchanged.
 */
export function environmentConfig(config: PodiumConfig, environment: EnvironmentName): PodiumConfig {
  if (environment === 'dev') return config;
  const { auth_token: _devToken, ...serving } = config.serving;
  return {
    ...config,
    serving: {
      ...serving,
      port: config.prod.serving_port,
      service_port_start: config.prod.service_port_start,
      ...(config.prod.serving_auth_token === undefined ? {} : { auth_token: config.prod.serving_auth_token }),
    },
    monitoring: { ...config.monitoring, metrics_port: config.prod.metrics_port },
  };
}

/** The approval rules of an environment. */
export function approvalSettings(
  config: Pick<PodiumConfig, 'dev' | 'prod'>,
  environment: EnvironmentName,
): { requireApproval: boolean; approvers: string[]; configKey: string } {
  const section = config[environment];
  return {
    requireApproval: section.require_approval,
    approvers: section.approvers,
    configKey: `${environment}.approvers`,
  };
}

/**
 * Records the environment and an id in a new workspace's database, or checks them in an existing
 * one. A workspace made before environments existed is dev's: it is claimed by the first open.
 */
export function claimEnvironment(
  db: Db,
  dir: string,
  environment: EnvironmentName,
): { environment: EnvironmentName; workspaceId: string } {
  const meta = new WorkspaceMetaStore(db);
  meta.setIfAbsent({ environment, workspace_id: randomUUID() });
  const recorded = meta.get('environment') as EnvironmentName;
  const workspaceId = meta.get('workspace_id')!;
  if (recorded !== environment) {
    throw new PodiumError(
      'USAGE',
      `${dir} is the ${recorded} workspace, not ${environment}; refusing to open it as ${environment}. ` +
        (recorded === 'prod'
          ? 'Open prod with --env prod (and --workspace naming the dev folder, or prod.workspace).'
          : 'Give --workspace the dev folder; --env prod finds the prod folder from it.'),
      { path: dir, environment: recorded, requested: environment },
    );
  }
  return { environment: recorded, workspaceId };
}
