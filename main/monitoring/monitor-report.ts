import type { MonitorReport } from '../contract/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { Workspace } from '../workspace/index.js';
import { AlertStore, toAlert } from './alerts/index.js';
import { driftHistory } from './drift-check.js';
import { checkPerformanceDrop, estimatePerformance, performanceOverTime } from './performance/index.js';
import { ServiceMetricsStore } from './service-metrics/index.js';

/**
 * One read of everything monitoring knows about a model: realised metrics per window for the
 * champion and shadows, confidence-based estimates before labels arrive, the performance-drop
 * verdict, the latest service metrics, the latest drift check and the open alerts.
 */
export function monitorReport(
  workspace: Workspace,
  manager: ChampionChallengerManager,
  input: { modelName: string; window: 'hour' | 'day'; days: number },
): MonitorReport {
  const now = workspace.clock.now();
  const from = new Date(now.getTime() - input.days * 86_400_000);
  const model = manager.versionStore.modelTask(input.modelName);
  const window = input.window;
  const performance = model
    ? performanceOverTime(workspace.db, { modelName: input.modelName, window, from, to: now })
    : null;
  const estimate =
    model && model.task !== 'number'
      ? estimatePerformance(workspace.db, { modelName: input.modelName, window, from, to: now })
      : null;
  const drop = manager.versionStore.champion(input.modelName)
    ? checkPerformanceDrop(workspace.db, manager.versionStore, {
        modelName: input.modelName,
        threshold: workspace.config.monitoring.performance_drop_threshold,
        minLabelled: workspace.config.monitoring.min_labelled,
        window,
        now,
      })
    : null;
  const store = new ServiceMetricsStore(workspace.db);
  const versions = [...new Set(performance?.versions.map((v) => v.version) ?? [])];
  const services = [...versions, 'gateway' as const].map((version) => {
    const series = store.series(input.modelName, version, new Date(now.getTime() - 3_600_000), now, 'raw');
    return { version, latest: series.at(-1) ?? null };
  });
  const [drift] = driftHistory(workspace, input.modelName, 1);
  return {
    model: input.modelName,
    window,
    from: from.toISOString(),
    to: now.toISOString(),
    performance,
    estimate,
    drop,
    services,
    latestDrift: drift
      ? {
          id: drift.id,
          version: drift.version,
          createdAt: drift.createdAt,
          datasetDrift: drift.report.datasetDrift,
          summary: drift.report.summary,
        }
      : null,
    // The contract's alerts, not the store's records (those carry what only the store needs).
    openAlerts: new AlertStore(workspace.db, workspace.clock)
      .list({ status: ['open'], modelName: input.modelName })
      .map(toAlert),
  };
}
