import type { Logger } from 'pino';
import type { Clock } from '../common/clock.js';
import type { PodiumConfig } from '../config/index.js';
import type { EnvironmentInfo } from '../contract/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import type { EventDeliverer } from '../monitoring/events/index.js';
import type { LifecycleScheduler } from '../scheduler/lifecycle-scheduler.js';
import type { EnvironmentName, Workspace } from '../workspace/index.js';
import type { EventHub } from './event-hub.js';
import type { Repositories } from './repositories.js';
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
  /**
   * What the shell set over the loaded files (a test's fixed ports): set again each time a
   * saved setting reloads the config, so the reload layers like the start did.
   */
  configOverrides?: (config: PodiumConfig) => void;
};

/**
 * What the API is built from, handed to every domain's handlers. Each domain's handlers declare
 * the narrow context they use (in their own `handlers.ts`); this one satisfies them all.
 */
export type ApiContext = {
  workspace: Workspace;
  /** The workspace's stores, built once with the API; each handler table takes only its own. */
  stores: Repositories;
  logger: Logger;
  clock: Clock;
  manager: ChampionChallengerManager;
  events: EventHub;
  jobs: JobRunner;
  serving: ServingHub;
  /**
   * The configured jobs (cycle, clean-up, maintenance), built (and their module loaded) on the
   * first call; started only by `Api.startScheduler`.
   */
  scheduler: () => Promise<LifecycleScheduler>;
  alerts: AlertService;
  /** Sends the outbox's events to the configured webhook; null when none is configured. */
  eventWebhook: EventDeliverer | null;
  configFiles: { base: string; local: string | null };
  /** The workspace's own environment (recorded in its database). */
  environment: EnvironmentName;
  switchEnvironment?: (environment: EnvironmentName) => Promise<EnvironmentInfo>;
  /** Opens prod's workspace with its own stores, for a release from this one; the caller closes it. */
  openProd: () => { workspace: Workspace; stores: Repositories };
  env: NodeJS.ProcessEnv;
  cwd: string;
  actor: string;
  configOverrides?: (config: PodiumConfig) => void;
};
