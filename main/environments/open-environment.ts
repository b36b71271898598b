import type { LoadedConfig } from '../config/index.js';
import {
  type EnvironmentName,
  environmentWorkspaceDir,
  openWorkspace,
  type Workspace,
} from '../workspace/index.js';

/**
 * Opens one environment's workspace from the dev folder the user named (`--workspace`), so the
 * UI and `release` find prod the same way the CLI does.
 */
export function openEnvironment(
  devDir: string,
  environment: EnvironmentName,
  options: { config: LoadedConfig; clock?: Workspace['clock'] },
): Workspace {
  return openWorkspace(environmentWorkspaceDir(devDir, environment, options.config.config), {
    ...options,
    environment,
  });
}
