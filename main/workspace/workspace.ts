import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Logger, pino } from 'pino';
import { type Clock, systemClock } from '../common/clock.js';
import { type LoadedConfig, loadConfig } from '../config/index.js';
import { type Db, databasePath, openDatabase } from '../db/index.js';
import { claimEnvironment } from './claim-environment.js';
import { type EnvironmentName, environmentConfig } from './environment.js';

export type WorkspacePaths = {
  root: string;
  database: string;
  datasets: string;
  artifacts: string;
  runs: string;
  models: string;
  logs: string;
};

/** Everything one environment owns: its database, datasets, artifacts and logs, and how it is configured. */
export type Workspace = {
  /** dev or prod, as recorded in the workspace's own database. */
  environment: EnvironmentName;
  /** A random id made when the workspace was created; a release records its source by it. */
  id: string;
  paths: WorkspacePaths;
  db: Db;
  /**
   * The config as this environment sees it (prod's own ports and token in `serving`). Read it
   * where it is used, not once at start: a saved setting replaces it while the session runs.
   */
  readonly config: LoadedConfig['config'];
  readonly configSources: LoadedConfig['sources'];
  /** Replaces the running session's config (already mapped for this environment) and tells the listeners. */
  reconfigure(config: LoadedConfig['config'], sources: LoadedConfig['sources']): void;
  /** For what holds settings beyond one call (the scheduler's timers): called after each reconfigure. */
  onReconfigure(listener: (config: LoadedConfig['config']) => void): () => void;
  clock: Clock;
  logger: Logger;
  close(): void;
};

export function workspacePaths(dir: string): WorkspacePaths {
  const root = resolve(dir);
  return {
    root,
    database: databasePath(root),
    datasets: join(root, 'datasets'),
    artifacts: join(root, 'artifacts'),
    runs: join(root, 'artifacts', 'runs'),
    models: join(root, 'artifacts', 'models'),
    logs: join(root, 'logs'),
  };
}

export function openWorkspace(
  dir: string,
  options: { config?: LoadedConfig; clock?: Clock; logLevel?: string; environment?: EnvironmentName } = {},
): Workspace {
  const environment = options.environment ?? 'dev';
  const loaded = options.config ?? loadConfig();
  const paths = workspacePaths(dir);
  for (const folder of [paths.datasets, paths.runs, paths.models, paths.logs])
    mkdirSync(folder, { recursive: true });
  const db = openDatabase(paths.database);
  let identity: { workspaceId: string };
  try {
    identity = claimEnvironment(db, paths.root, environment);
  } catch (error) {
    db.close();
    throw error;
  }
  const destination = pino.destination({ dest: join(paths.logs, 'podium.log'), sync: true, mkdir: true });
  const logger = pino(
    {
      level: options.logLevel ?? process.env.PODIUM_LOG_LEVEL ?? 'info',
      // Secrets must never reach the log even if a caller logs a whole config object.
      redact: {
        paths: [
          '*.auth_token',
          '*.*.auth_token',
          '*.serving_auth_token',
          '*.*.serving_auth_token',
          '*.webhook_secret',
          '*.*.webhook_secret',
          '*.webhook_url',
          '*.*.webhook_url',
          'authorization',
          '*.authorization',
        ],
        censor: '***',
      },
    },
    destination,
  );
  let config = environmentConfig(loaded.config, environment);
  let configSources = loaded.sources;
  const listeners = new Set<(config: LoadedConfig['config']) => void>();
  return {
    environment,
    id: identity.workspaceId,
    paths,
    db,
    get config() {
      return config;
    },
    get configSources() {
      return configSources;
    },
    reconfigure(next, sources) {
      config = next;
      configSources = sources;
      for (const listener of listeners) {
        try {
          listener(next);
        } catch (error) {
          logger.error({ err: error }, 'a config listener failed');
        }
      }
    },
    onReconfigure(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clock: options.clock ?? systemClock,
    logger,
    close: () => {
      db.close();
      destination.flushSync();
    },
  };
}
