import type { Command } from 'commander';
import { type LoadedConfig, loadConfig } from '../config/index.js';
import { ChampionChallengerManager } from '../lifecycle/index.js';
import {
  defaultWorkspaceDir,
  type EnvironmentName,
  environmentWorkspaceDir,
  openWorkspace,
  parseEnvironment,
  type Workspace,
} from '../workspace/index.js';
import { exitCodeFor, reportError } from './output.js';

export type GlobalOptions = { workspace: string; env?: string; json?: boolean };

/** The environment and the folder of its workspace that the global options select. */
export function selectedWorkspace(
  command: Command,
  loaded: Pick<LoadedConfig, 'config'> = loadConfig(),
): { environment: EnvironmentName; dir: string; devDir: string } {
  const options = command.optsWithGlobals<GlobalOptions>();
  const environment = parseEnvironment(options.env ?? process.env.PODIUM_ENV ?? 'dev');
  const devDir = options.workspace ?? defaultWorkspaceDir();
  return { environment, dir: environmentWorkspaceDir(devDir, environment, loaded.config), devDir };
}

/** Opens the workspace for one command, runs it, always closes it, and maps errors to exit codes. */
export async function runWithWorkspace(
  command: Command,
  action: (context: {
    workspace: Workspace;
    manager: ChampionChallengerManager;
    json: boolean;
  }) => Promise<void>,
): Promise<void> {
  const json = Boolean(command.optsWithGlobals<GlobalOptions>().json);
  let workspace: Workspace | null = null;
  try {
    const config = loadConfig();
    const { environment, dir } = selectedWorkspace(command, config);
    workspace = openWorkspace(dir, { config, environment });
    await action({ workspace, manager: new ChampionChallengerManager(workspace), json });
  } catch (error) {
    workspace?.logger.error({ err: error }, 'command failed');
    reportError(error, json);
    process.exitCode = exitCodeFor(error);
  } finally {
    workspace?.close();
  }
}

/** For commands that need no workspace (generate-data). */
export async function runPlain(command: Command, action: (json: boolean) => Promise<void>): Promise<void> {
  const json = Boolean(command.optsWithGlobals<GlobalOptions>().json);
  try {
    await action(json);
  } catch (error) {
    reportError(error, json);
    process.exitCode = exitCodeFor(error);
  }
}
