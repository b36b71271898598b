import type { Command } from 'commander';
import type { Api } from '../app/create-api.js';
import type { Repositories } from '../app/repositories.js';
import { resolveActor } from '../common/actor.js';
import { discardWarmWorkers } from '../common/worker-task/warm-worker.js';
import type { LoadedConfig, PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { PodiumClient, PodiumErrorData } from '../contract/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import {
  defaultWorkspaceDir,
  type EnvironmentName,
  environmentWorkspaceDir,
  parseEnvironment,
} from '../workspace/environment.js';
import type { Workspace } from '../workspace/index.js';
import { exitCodeFor, reportError } from './output.js';

// The operation table, the config loader and the workspace (SQLite, the domains and their
// libraries) are imported when a command runs, not when `podium` starts: `--help`, `--version`
// and a typo then cost commander and this folder only (test/architecture/cli-startup.test.ts).
const loadConfig = async () => (await import('../config/index.js')).loadConfig();
const openWorkspace = async (...args: Parameters<typeof import('../workspace/index.js').openWorkspace>) =>
  (await import('../workspace/index.js')).openWorkspace(...args);

export type GlobalOptions = { workspace: string; env?: string; json?: boolean };

/** The environment and the folder of its workspace that the global options select. */
export async function selectedWorkspace(
  command: Command,
  given?: Pick<LoadedConfig, 'config'>,
): Promise<{ environment: EnvironmentName; dir: string; devDir: string }> {
  const loaded = given ?? (await loadConfig());
  const options = command.optsWithGlobals<GlobalOptions>();
  const environment = parseEnvironment(options.env ?? process.env.PODIUM_ENV ?? 'dev');
  const devDir = options.workspace ?? defaultWorkspaceDir();
  return { environment, dir: environmentWorkspaceDir(devDir, environment, loaded.config), devDir };
}

/**
 * For the commands that host a long-running session in this process (`serve`, `demo`): opens
 * the workspace and the API on it, hands the session what it composes (the API's own lifecycle
 * manager and stores, so there is one of each per workspace), always closes both, and maps
 * errors to exit codes. Every other command goes through `runWithClient`.
 */
export async function runWithWorkspace(
  command: Command,
  action: (context: {
    workspace: Workspace;
    manager: ChampionChallengerManager;
    stores: Repositories;
    json: boolean;
  }) => Promise<void>,
): Promise<void> {
  const json = Boolean(command.optsWithGlobals<GlobalOptions>().json);
  let workspace: Workspace | null = null;
  let api: Api | null = null;
  try {
    const config = await loadConfig();
    const { environment, dir } = await selectedWorkspace(command, config);
    workspace = await openWorkspace(dir, { config, environment });
    const { createApi } = await import('../app/create-api.js');
    api = createApi({ workspace, actor: 'cli', configFiles: config.files });
    await action({ workspace, manager: api.context.manager, stores: api.context.stores, json });
  } catch (error) {
    workspace?.logger.error({ err: error }, 'command failed');
    reportError(error, json);
    process.exitCode = exitCodeFor(error);
  } finally {
    await api?.close();
    workspace?.close();
  }
}

export type ClientContext = {
  /** The same operations the UI calls: validation, errors, environment rules and audit in one place. */
  client: PodiumClient;
  json: boolean;
  environment: EnvironmentName;
  /** The open workspace's effective config, for defaults the CLI prints (the model name). */
  config: PodiumConfig;
};

/**
 * Opens the selected environment's workspace, runs one command against the operation table
 * through a local client, and always closes both. `actor` is who transitions, decisions and the
 * audit log name (default `cli`); errors come back as `{code, message, details}` and are reported
 * like any other (exit 1, or 2 for USAGE).
 */
export async function runWithClient(
  command: Command,
  action: (context: ClientContext) => Promise<void>,
  options: { actor?: string } = {},
): Promise<void> {
  const json = Boolean(command.optsWithGlobals<GlobalOptions>().json);
  let workspace: Workspace | null = null;
  let api: Api | null = null;
  try {
    const loaded = await loadConfig();
    const { environment, dir } = await selectedWorkspace(command, loaded);
    workspace = await openWorkspace(dir, { config: loaded, environment });
    const log = workspace.logger;
    const { createApi } = await import('../app/create-api.js');
    const { createLocalClient } = await import('../app/local-client.js');
    api = createApi({ workspace, actor: options.actor ?? 'cli', configFiles: loaded.files });
    const client = createLocalClient(api, {
      local: true,
      onInternalError: (error, name) => log.error({ err: error, operation: name }, 'operation failed'),
    });
    await action({ client, json, environment: workspace.environment, config: workspace.config });
  } catch (error) {
    const failure = isErrorData(error) ? new PodiumError(error.code, error.message, error.details) : error;
    workspace?.logger.error({ err: failure }, 'command failed');
    reportError(failure, json);
    process.exitCode = exitCodeFor(failure);
  } finally {
    // A worker the command warmed (warm-worker.ts) but never reached, after a failure before it.
    await discardWarmWorkers();
    await api?.close();
    workspace?.close();
  }
}

/** What the client rejects with: plain data, not an Error. */
function isErrorData(value: unknown): value is PodiumErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as PodiumErrorData).code === 'string' &&
    typeof (value as PodiumErrorData).message === 'string'
  );
}

/** The person at the keyboard (or `--actor`), for approvals and acknowledgements the audit names. */
export const cliUser = resolveActor;

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
