import { readRolloutSettings } from '../lifecycle/guarded-rollout/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService } from '../monitoring/alerts/index.js';
import type { CycleCheckStores } from '../monitoring/cycle-checks.js';
import type { Workspace } from '../workspace/index.js';
import { cleanupJob, cycleJob, type MaintenanceJobStores, maintenanceJob } from './jobs.js';
import {
  LifecycleScheduler,
  type LifecycleSchedulerOptions,
  type SchedulerPlan,
} from './lifecycle-scheduler.js';
import { type RolloutGuardJobStores, rolloutGuardJob } from './rollout-guard-job.js';
import { readSchedulerSettings, type SchedulerSettings } from './settings.js';
import type { JobDefinition } from './types.js';

export type CreateSchedulerInput = {
  manager: ChampionChallengerManager;
  /** The workspace's stores the scheduler and its built-in jobs use. */
  stores: LifecycleSchedulerOptions['stores'] &
    CycleCheckStores &
    MaintenanceJobStores &
    RolloutGuardJobStores;
  alerts?: AlertService | null;
  /** Further jobs (a drift check, say); a job named like a built-in one replaces it. */
  jobs?: JobDefinition[];
  /** Overrides of the config's scheduler settings (tests, CLI flags). */
  settings?: Partial<SchedulerSettings>;
} & Pick<LifecycleSchedulerOptions, 'owner' | 'onRun' | 'renewEveryMs'>;

/** The scheduler as configured: the cycle, a daily clean-up and a weekly maintenance, plus extras. */
export function createLifecycleScheduler(
  workspace: Workspace,
  input: CreateSchedulerInput,
): LifecycleScheduler {
  const plan = schedulerPlan(workspace, input);
  return new LifecycleScheduler(workspace, {
    ...plan,
    stores: input.stores,
    owner: input.owner,
    onRun: input.onRun,
    renewEveryMs: input.renewEveryMs,
  });
}

/**
 * The jobs and their timing as the workspace's current config says: what a scheduler is built
 * with, and what it re-plans to when a saved setting changes the config.
 */
export function schedulerPlan(workspace: Workspace, input: CreateSchedulerInput): SchedulerPlan {
  const settings = { ...readSchedulerSettings(workspace.config), ...input.settings };
  const { stores } = input;
  const builtIn: JobDefinition[] = [];
  if (settings.cycleCron !== '')
    builtIn.push(
      cycleJob({ manager: input.manager, stores, alerts: input.alerts, cron: settings.cycleCron }),
    );
  if (settings.cleanupCron !== '')
    builtIn.push(cleanupJob({ runs: stores.runs, cron: settings.cleanupCron }));
  if (settings.maintenanceCron !== '')
    builtIn.push(
      maintenanceJob({
        stores,
        cron: settings.maintenanceCron,
        historyRetentionDays: settings.historyRetentionDays,
      }),
    );
  const rolloutCron = readRolloutSettings(workspace.config).checkCron;
  if (rolloutCron !== '')
    builtIn.push(
      rolloutGuardJob({ manager: input.manager, stores, alerts: input.alerts, cron: rolloutCron }),
    );
  const extra = input.jobs ?? [];
  const extraNames = new Set(extra.map((job) => job.name));
  return {
    jobs: [...builtIn.filter((job) => !extraNames.has(job.name)), ...extra],
    leaseMs: settings.leaseMs,
    timezone: settings.timezone,
    catchUp: settings.catchUp,
  };
}
