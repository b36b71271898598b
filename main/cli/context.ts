import type { Command } from 'commander';
import { ChampionChallengerManager } from '../lifecycle/index.js';
import { defaultWorkspaceDir, openWorkspace, type Workspace } from '../workspace/index.js';
import { exitCodeFor, reportError } from './output.js';

export type GlobalOptions = { workspace: string; json?: boolean };

/** Opens the workspace for one command, runs it, always closes it, and maps errors to exit codes. */
export async function runWithWorkspace(
  command: Command,
  action: (context: {
    workspace: Workspace;
    manager: ChampionChallengerManager;
    json: boolean;
  }) => Promise<void>,
): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = Boolean(options.json);
  let workspace: Workspace | null = null;
  try {
    workspace = openWorkspace(options.workspace ?? defaultWorkspaceDir());
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
