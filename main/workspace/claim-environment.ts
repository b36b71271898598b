import { randomUUID } from 'node:crypto';
import { PodiumError } from '../contract/errors.js';
import type { Db } from '../db/index.js';
import type { EnvironmentName } from './environment.js';
import { WorkspaceMetaStore } from './workspace-meta-store.js';

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
