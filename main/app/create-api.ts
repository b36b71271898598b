import { join } from 'node:path';
import { loadConfig, PACKAGE_ROOT } from '../config/index.js';
import type { HandlerTable } from '../contract/index.js';
import { dataHandlers } from '../data/handlers.js';
import { environmentHandlers } from '../environments/handlers.js';
import { openEnvironment } from '../environments/index.js';
import { jobHandlers } from '../jobs/handlers.js';
import { JobRunner } from '../jobs/index.js';
import { rolloutHandlers } from '../lifecycle/guarded-rollout/handlers.js';
import { lifecycleHandlers } from '../lifecycle/handlers.js';
import { ChampionChallengerManager } from '../lifecycle/index.js';
import { lineageHandlers } from '../lineage/handlers.js';
import { predictionHandlers } from '../lineage/prediction-handlers.js';
import { maintenanceHandlers } from '../maintenance/handlers.js';
import { AlertService, toAlert } from '../monitoring/alerts/index.js';
import { estimateHandlers } from '../monitoring/estimate-handlers.js';
import { eventHandlers } from '../monitoring/events/handlers.js';
import { EventDeliverer, readEventWebhook } from '../monitoring/events/index.js';
import { monitoringHandlers } from '../monitoring/handlers.js';
import { serviceMetricsHandlers } from '../monitoring/service-metrics-handlers.js';
import { registryHandlers } from '../registry/handlers.js';
import { schedulerHandlers } from '../scheduler/handlers.js';
import {
  type CreateSchedulerInput,
  createLifecycleScheduler,
  type LifecycleScheduler,
  schedulerPlan,
} from '../scheduler/index.js';
import { deployHandlers } from '../serving/deploy-handlers.js';
import { servingHandlers } from '../serving/handlers.js';
import { trackingHandlers } from '../tracking/handlers.js';
import { trainingHandlers } from '../training/handlers.js';
import type { Workspace } from '../workspace/index.js';
import type { ApiContext, ApiOptions } from './api-context.js';
import { cycleHandlers } from './cycle-handlers.js';
import { EventHub } from './event-hub.js';
import { mergeHandlers } from './merge-handlers.js';
import { createRepositories, type Repositories, serviceMetricsRetention } from './repositories.js';
import { ServingHub } from './serving-hub.js';
import { configHandlers } from './settings-handlers.js';
import { versionDetailsHandlers } from './version-details.js';

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
  let scheduler: LifecycleScheduler | null = null;
  const schedulerInput: CreateSchedulerInput = {
    manager,
    stores,
    alerts,
    onRun: (run) => events.emit('scheduler.ran', { run }),
  };
  const lifecycleScheduler = (): LifecycleScheduler => {
    scheduler ??= createLifecycleScheduler(workspace, schedulerInput);
    return scheduler;
  };
  // A saved setting replaces the workspace's config; most code reads it where it uses it, these
  // hold it across calls and take it up here.
  const unsubscribeConfig = workspace.onReconfigure((config) => {
    stores.serviceMetrics.setRetention(serviceMetricsRetention(config));
    scheduler?.replan(schedulerPlan(workspace, schedulerInput));
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
    get scheduler() {
      return lifecycleScheduler();
    },
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
  const handlers = mergeHandlers(
    jobHandlers(context),
    dataHandlers(context),
    trainingHandlers(context),
    trackingHandlers(context),
    predictionHandlers(context),
    registryHandlers(context),
    versionDetailsHandlers(context),
    lifecycleHandlers(context),
    rolloutHandlers(context),
    servingHandlers(context),
    monitoringHandlers(context),
    estimateHandlers(context),
    serviceMetricsHandlers(context),
    environmentHandlers(context),
    schedulerHandlers(context),
    configHandlers(context),
    lineageHandlers(context),
    maintenanceHandlers(context),
    cycleHandlers(context),
    eventHandlers(context),
    deployHandlers(context),
  );
  return {
    handlers,
    events,
    context,
    startScheduler: async () => {
      if (schedulerStarted) return;
      schedulerStarted = true;
      await lifecycleScheduler().start();
    },
    close: async () => {
      unsubscribeConfig();
      await scheduler?.stop();
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
