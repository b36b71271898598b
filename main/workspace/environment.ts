import { resolve } from 'node:path';
import type { PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';

/** `--workspace` when it is not given: PODIUM_WORKSPACE, else a folder in the current one. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODIUM_WORKSPACE && env.PODIUM_WORKSPACE !== '' ? env.PODIUM_WORKSPACE : './podium-workspace';
}

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
