import type { Logger } from 'pino';
import type { Clock } from '../common/clock.js';
import type { EnvironmentInfo } from '../contract/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import type { LifecycleScheduler } from '../scheduler/index.js';
import type { EnvironmentName, Workspace } from '../workspace/index.js';
import type { EventHub } from './event-hub.js';
import type { ServingHub } from './serving-hub.js';

/** What the UI's API is built from: an open workspace, plus how this process was configured. */
export type ApiOptions = {
  workspace: Workspace;
  logger?: Logger;
  clock?: Clock;
  /** The config files the workspace's config came from (settings.config shows them; save writes local). */
  configFiles?: { base: string; local: string | null };
  /** Given by a shell that can close this environment's session and open the other one. */
  switchEnvironment?: (environment: EnvironmentName) => Promise<EnvironmentInfo>;
  /** Variables the config was read with (for settings.validate's layering); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where config.local.yaml goes when none exists yet; default: the current directory. */
  cwd?: string;
  /** Who the UI acts as in transitions and decisions. */
  actor?: string;
};

/** What every domain's handlers receive. */
export type ApiContext = {
  workspace: Workspace;
  logger: Logger;
  clock: Clock;
  manager: ChampionChallengerManager;
  events: EventHub;
  jobs: JobRunner;
  serving: ServingHub;
  /** The configured jobs (cycle, clean-up, maintenance); started only by `Api.startScheduler`. */
  scheduler: LifecycleScheduler;
  alerts: AlertService;
  configFiles: { base: string; local: string | null };
  /** The workspace's own environment (recorded in its database). */
  environment: EnvironmentName;
  switchEnvironment?: (environment: EnvironmentName) => Promise<EnvironmentInfo>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  actor: string;
};
