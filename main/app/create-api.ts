import { join } from 'node:path';
import { loadConfig, PACKAGE_ROOT } from '../config/index.js';
import type { HandlerTable } from '../contract/index.js';
import { openEnvironment } from '../environments/open-environment.js';
import { JobRunner } from '../jobs/job-runner.js';
import { ChampionChallengerManager } from '../lifecycle/manager.js';
import { AlertService } from '../monitoring/alerts/alert-service.js';
import { toAlert } from '../monitoring/alerts/to-alert.js';
import { EventDeliverer } from '../monitoring/events/event-deliverer.js';
import { readEventWebhook } from '../monitoring/events/event-webhook-settings.js';
import type { CreateSchedulerInput } from '../scheduler/create-scheduler.js';
import type { LifecycleScheduler } from '../scheduler/lifecycle-scheduler.js';
import type { Workspace } from '../workspace/index.js';
import type { ApiContext, ApiOptions } from './api-context.js';
import { DOMAIN_HANDLERS } from './domain-handlers.js';
import { EventHub } from './event-hub.js';
import { lazyHandlers } from './lazy-handlers.js';
import { createRepositories, type Repositories, serviceMetricsRetention } from './repositories.js';
import { ServingHub } from './serving-hub.js';

type SchedulerModule = typeof import('../scheduler/create-scheduler.js');

export type Api = {
  handlers: HandlerTable;
  events: EventHub;
  /** For tests and shutdown: the job runner, the serving hub and the shared context. */
  context: ApiContext;
  /** Runs scheduled cycles in the background (the desktop shell does, so the tray keeps them going). */
  startScheduler(): Promise<void>;
  /** Cancels running jobs, stops services started here, flushes alerts. Leaves the workspace open. */
  close(): Promise<void>;
};

/**
 * The UI's API on an open workspace: one handler table merged from the domains, one event hub,
 * one job runner for long work and one serving hub for services started from the UI.
 */
export function createApi(options: ApiOptions): Api {
  const { workspace } = options;
  const logger = options.logger ?? workspace.logger;
  const clock = options.clock ?? workspace.clock;
  const events = new EventHub((error) => logger.error({ err: error }, 'event listener failed'));
  // Built once for the workspace; everything below is handed the stores it uses.
  const stores = createRepositories(workspace);
  const manager = new ChampionChallengerManager(workspace, stores);
  const alerts = AlertService.forWorkspace(workspace, stores.alerts);
  const environment = workspace.environment;
  const eventWebhook = eventDelivererFor(workspace, stores);
  const unsubscribeAlerts = alerts.on('alert', (alert) =>
    events.emit('alert.raised', { alert: toAlert(alert) }),
  );
  const jobs = new JobRunner(events, clock, (error, job) =>
    logger.error({ err: error, job: job.jobId, kind: job.kind }, 'job failed'),
  );
  const serving = new ServingHub({ workspace, stores, manager, alerts, events, logger, environment });
  // Built on first use: a scheduler setting that is wrong (a bad cron) then fails the scheduler's
  // operations with its message instead of every operation, and every CLI command, of the API.
  // Its module (the cycle's jobs: training, drift, the model families) loads then too (issue 16).
  let scheduler: { built: LifecycleScheduler; module: SchedulerModule } | null = null;
  const schedulerInput: CreateSchedulerInput = {
    manager,
    stores,
    alerts,
    onRun: (run) => events.emit('scheduler.ran', { run }),
  };
  const lifecycleScheduler = async (): Promise<LifecycleScheduler> => {
    if (scheduler === null) {
      const module = await import('../scheduler/create-scheduler.js');
      scheduler ??= { built: module.createLifecycleScheduler(workspace, schedulerInput), module };
    }
    return scheduler.built;
  };
  // A saved setting replaces the workspace's config; most code reads it where it uses it, these
  // hold it across calls and take it up here.
  const unsubscribeConfig = workspace.onReconfigure((config) => {
    stores.serviceMetrics.setRetention(serviceMetricsRetention(config));
    scheduler?.built.replan(scheduler.module.schedulerPlan(workspace, schedulerInput));
  });
  let schedulerStarted = false;
  const context: ApiContext = {
    workspace,
    stores,
    logger,
    clock,
    manager,
    events,
    jobs,
    serving,
    scheduler: lifecycleScheduler,
    alerts,
    eventWebhook,
    configFiles: options.configFiles ?? { base: join(PACKAGE_ROOT, 'config', 'config.yaml'), local: null },
    environment,
    switchEnvironment: options.switchEnvironment,
    openProd: () => {
      const prod = openEnvironment(workspace.paths.root, 'prod', { config: loadConfig() });
      return { workspace: prod, stores: createRepositories(prod) };
    },
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    actor: options.actor ?? 'ui',
    configOverrides: options.configOverrides,
  };
  // Each domain's module (its handlers, schemas and libraries) loads on its first operation.
  const handlers = lazyHandlers(DOMAIN_HANDLERS, context);
  return {
    handlers,
    events,
    context,
    startScheduler: async () => {
      if (schedulerStarted) return;
      schedulerStarted = true;
      await (await lifecycleScheduler()).start();
    },
    close: async () => {
      unsubscribeConfig();
      await scheduler?.built.stop();
      await jobs.close();
      await serving.close();
      unsubscribeAlerts();
      await alerts.close();
      await eventWebhook?.close();
    },
  };
}

/**
 * The webhook sender of the workspace's events, started at once: events this process records
 * (and any an earlier process left pending) go out while it runs and get a try as it closes.
 */
function eventDelivererFor(workspace: Workspace, stores: Repositories): EventDeliverer | null {
  const options = readEventWebhook(workspace.config);
  if (options === null) return null;
  const deliverer = new EventDeliverer(stores.lifecycleEvents, options, {
    logger: workspace.logger.child({ component: 'events' }),
    clock: workspace.clock,
    environment: workspace.environment,
    workspaceId: workspace.id,
  });
  deliverer.start();
  return deliverer;
}
