import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Logger, pino } from 'pino';
import { type Clock, systemClock } from '../common/clock.js';
import { type LoadedConfig, loadConfig } from '../config/index.js';
import { type Db, databasePath, openDatabase } from '../db/index.js';

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
  paths: WorkspacePaths;
  db: Db;
  config: LoadedConfig['config'];
  configSources: LoadedConfig['sources'];
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

export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PODIUM_WORKSPACE && env.PODIUM_WORKSPACE !== '' ? env.PODIUM_WORKSPACE : './podium-workspace';
}

export function openWorkspace(
  dir: string,
  options: { config?: LoadedConfig; clock?: Clock; logLevel?: string } = {},
): Workspace {
  const loaded = options.config ?? loadConfig();
  const paths = workspacePaths(dir);
  for (const folder of [paths.datasets, paths.runs, paths.models, paths.logs])
    mkdirSync(folder, { recursive: true });
  const db = openDatabase(paths.database);
  const destination = pino.destination({ dest: join(paths.logs, 'podium.log'), sync: true, mkdir: true });
  const logger = pino(
    {
      level: options.logLevel ?? process.env.PODIUM_LOG_LEVEL ?? 'info',
      // Secrets must never reach the log even if a caller logs a whole config object.
      redact: {
        paths: ['*.auth_token', '*.*.auth_token', 'authorization', '*.authorization'],
        censor: '***',
      },
    },
    destination,
  );
  return {
    paths,
    db,
    config: loaded.config,
    configSources: loaded.sources,
    clock: options.clock ?? systemClock,
    logger,
    close: () => {
      db.close();
      destination.flushSync();
    },
  };
}
