import { rmSync } from 'node:fs';
import type { LoadedConfig } from '../../main/config/index.js';
import { openEnvironment, releaseVersion } from '../../main/environments/index.js';
import type { ModelVersion } from '../../main/registry/index.js';
import type { Workspace } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { defaultConfig } from '../helpers/workspace.js';

export const PROD_TOKEN = 'prod-token-5e1d0c9b8a7f6e5d';

export type DevAndProd = {
  trained: TrainedWorkspace;
  dev: Workspace;
  prod: Workspace;
  /** Opens prod again with other settings (a second connection to the same database). */
  reopenProd(configure: (config: LoadedConfig['config']) => void): Workspace;
  cleanup(): void;
};

/**
 * A trained dev workspace (champion v1, challenger v2, the real training path) and its empty
 * prod sibling, with carol as prod's approver and prod's own token and port range.
 */
export async function devAndProd(
  options: { samples?: number; configure?: (config: LoadedConfig['config']) => void } = {},
): Promise<DevAndProd> {
  const trained = await trainedWorkspace({ samples: options.samples ?? 1500 });
  const opened: Workspace[] = [];
  const open = (configure: (config: LoadedConfig['config']) => void) => {
    const workspace = openEnvironment(trained.workspace.paths.root, 'prod', {
      config: defaultConfig(configure),
      clock: trained.clock,
    });
    opened.push(workspace);
    return workspace;
  };
  const portStart = 20_000 + Math.floor(Math.random() * 30_000);
  const prod = open((config) => {
    config.prod.approvers = ['carol'];
    config.prod.serving_auth_token = PROD_TOKEN;
    config.prod.service_port_start = portStart;
    options.configure?.(config);
  });
  return {
    trained,
    dev: trained.workspace,
    prod,
    reopenProd: open,
    cleanup: () => {
      for (const workspace of opened) workspace.close();
      rmSync(prod.paths.root, { recursive: true, force: true });
      trained.workspace.cleanup();
    },
  };
}

/** Releases dev versions to prod, in order, as alice (the way every prod test starts). */
export async function releasedToProd(env: DevAndProd, versions: ModelVersion[]): Promise<void> {
  for (const version of versions)
    await releaseVersion({
      source: env.dev,
      target: env.prod,
      stores: { source: storesOf(env.dev), target: storesOf(env.prod) },
      version,
      actor: 'alice',
    });
}
