import { PodiumError } from '../contract/errors.js';
import type { CleanupRunSummary, CycleRunSummary, MaintenanceRunSummary } from '../contract/index.js';
import { optimizeDatabase } from '../db/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { AlertService, AlertStore } from '../monitoring/alerts/index.js';
import { type CycleCheckStores, cycleChecks } from '../monitoring/cycle-checks.js';
import type { EventDeliveryStore } from '../monitoring/events/index.js';
import { shadowFinishedAlert } from '../monitoring/shadow-alert.js';
import { modelRefs } from '../registry/index.js';
import { cleanExpiredRuns, type RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import { errorData } from './error-data.js';
import type { JobRunStore } from './job-run-store.js';
import type { JobDefinition, JobOutcome } from './types.js';

/** What the weekly maintenance prunes; the clean-up also needs the runs. */
export type MaintenanceJobStores = {
  jobRuns: JobRunStore;
  alerts: AlertStore;
  runs: RunStore;
  lifecycleEvents: EventDeliveryStore;
};

const DAY_MS = 86_400_000;

const PROD_TRAINS_NOTHING = (environment: string) =>
  `${environment} trains nothing; train in dev and bring the version here with podium release <version> --to ${environment}`;

/**
 * The lifecycle cycle as a job: complete decided shadow tests, train and judge a challenger on
 * each new incoming file, clean expired runs. The cycle records its decisions itself; the run
 * keeps their ids. A failure raises `cycle_failed` (one alert, counted up while it keeps
 * failing, resolved by the next good cycle); each finished shadow test raises `shadow_test_finished`.
 */
export function cycleJob(input: {
  manager: ChampionChallengerManager;
  stores: CycleCheckStores;
  cron: string;
  alerts?: AlertService | null;
  modelName?: string;
}): JobDefinition {
  const { manager, stores, alerts } = input;
  const scheduledModel = (workspace: Workspace): string | { reason: string } => {
    try {
      return modelRefs(stores.versions, workspace).forData(input.modelName, undefined);
    } catch (error) {
      if (error instanceof PodiumError && (error.code === 'NOT_FOUND' || error.code === 'USAGE'))
        return { reason: `${error.message} (set training.model_name for the scheduled cycle's model)` };
      throw error;
    }
  };
  return {
    name: 'cycle',
    cron: input.cron,
    lock: 'lifecycle',
    run: async (context): Promise<JobOutcome> => {
      const modelName = scheduledModel(context.workspace);
      // Nothing to cycle yet (an empty workspace), or no way to tell which model: said, not failed.
      if (typeof modelName !== 'string') return { status: 'skipped', summary: { reason: modelName.reason } };
      // Prod receives versions by release only: its cycle does the rest and says why it trained nothing.
      const inProd = context.workspace.environment !== 'dev';
      const report = await manager.runCycle({
        modelName,
        checks: cycleChecks({ workspace: context.workspace, stores, alerts: alerts ?? null, modelName }),
        ...(inProd ? { skipTraining: PROD_TRAINS_NOTHING(context.workspace.environment) } : {}),
      });
      const alertIds: number[] = [];
      for (const decision of report.decisions) {
        if (decision.metrics.shadowTest === undefined || !alerts) continue;
        alertIds.push(alerts.raise(shadowFinishedAlert(decision)).id);
      }
      alerts?.resolveByKey(cycleFailedKey(modelName), 'scheduler');
      return {
        // A prod cycle that only skipped training did nothing: recorded as skipped, not succeeded.
        ...(inProd && report.decisions.length === 0 && report.removedRuns.length === 0
          ? { status: 'skipped' as const }
          : {}),
        decisionIds: report.decisions.map((d) => d.id),
        summary: {
          model: modelName,
          trained: report.trained.map((t) => ({
            version: t.version.version,
            runId: t.runId,
            decisionId: t.decision?.id ?? null,
          })),
          decisions: report.decisions.map((d) => ({ id: d.id, outcome: d.outcome, summary: d.summary })),
          removedRuns: report.removedRuns.length,
          plan: report.plan,
          alertIds,
        } satisfies Omit<CycleRunSummary, 'decisionIds'>,
      };
    },
    onFailure: (error, context) => {
      const scheduled = scheduledModel(context.workspace);
      const modelName = typeof scheduled === 'string' ? scheduled : 'the workspace';
      const data = errorData(error);
      alerts?.raise({
        rule: 'cycle_failed',
        modelName,
        dedupKey: cycleFailedKey(modelName),
        title: `Lifecycle cycle failed for ${modelName}`,
        message: `${data.message} (job run #${context.runId}; the next scheduled cycle tries again).`,
        evidence: { job: context.job, jobRunId: context.runId, error: data },
      });
    },
  };
}

/** Daily: expired runs and their artifacts (the cycle does it too; this covers idle periods). */
export function cleanupJob(input: { runs: RunStore; cron: string }): JobDefinition {
  return {
    name: 'cleanup',
    cron: input.cron,
    lock: 'lifecycle',
    run: async ({ workspace }) => {
      const report = await cleanExpiredRuns(
        input.runs,
        workspace.clock,
        workspace.config.tracking.run_retention_days,
      );
      return {
        summary: {
          removedRuns: report.removedRuns.length,
          removedArtifactDirs: report.removedArtifactDirs.length,
        } satisfies Omit<CleanupRunSummary, 'decisionIds'>,
      };
    },
  };
}

/** Weekly: forget old job runs, resolved alerts and delivered events, and let SQLite refresh its query statistics. */
export function maintenanceJob(input: {
  stores: Pick<MaintenanceJobStores, 'jobRuns' | 'alerts' | 'lifecycleEvents'>;
  cron: string;
  historyRetentionDays: number;
}): JobDefinition {
  return {
    name: 'maintenance',
    cron: input.cron,
    run: async ({ workspace }) => {
      const cutoff = new Date(workspace.clock.now().getTime() - input.historyRetentionDays * DAY_MS);
      const prunedRuns = input.stores.jobRuns.prune(cutoff);
      const prunedAlerts = input.stores.alerts.pruneResolved(cutoff);
      const prunedEvents = input.stores.lifecycleEvents.pruneSettled(cutoff);
      optimizeDatabase(workspace.db);
      return {
        summary: {
          cutoff: cutoff.toISOString(),
          prunedJobRuns: prunedRuns,
          prunedResolvedAlerts: prunedAlerts,
          prunedSettledEvents: prunedEvents,
        } satisfies Omit<MaintenanceRunSummary, 'decisionIds'>,
      };
    },
  };
}

export function cycleFailedKey(modelName: string): string {
  return `cycle_failed:${modelName}`;
}
