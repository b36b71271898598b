import type { MonitorReport } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import { type AlertStore, toAlert } from './alerts/index.js';
import type { DriftReportStore } from './drift-report-store.js';
import {
  checkPerformanceDrop,
  estimatePerformance,
  performanceOverTime,
  type TrafficSources,
} from './performance/index.js';
import type { ServiceMetricsStore } from './service-metrics/index.js';

/**
 * One read of everything monitoring knows about a model: realised metrics per window for the
 * champion and shadows, confidence-based estimates before labels arrive, the performance-drop
 * verdict, the latest service metrics, the latest drift check and the open alerts.
 */
export function monitorReport(
  workspace: Workspace,
  stores: TrafficSources & {
    serviceMetrics: ServiceMetricsStore;
    driftReports: DriftReportStore;
    alerts: AlertStore;
  },
  input: { modelName: string; window: 'hour' | 'day'; days: number },
): MonitorReport {
  const now = workspace.clock.now();
  const from = new Date(now.getTime() - input.days * 86_400_000);
  const model = stores.versions.modelTask(input.modelName);
  const window = input.window;
  const performance = model
    ? performanceOverTime(stores, { modelName: input.modelName, window, from, to: now })
    : null;
  const estimate =
    model && model.task !== 'number'
      ? estimatePerformance(stores, { modelName: input.modelName, window, from, to: now })
      : null;
  const drop = stores.versions.champion(input.modelName)
    ? checkPerformanceDrop(stores, {
        modelName: input.modelName,
        threshold: workspace.config.monitoring.performance_drop_threshold,
        minLabelled: workspace.config.monitoring.min_labelled,
        window,
        now,
      })
    : null;
  const versions = [...new Set(performance?.versions.map((v) => v.version) ?? [])];
  const services = [...versions, 'gateway' as const].map((version) => {
    const series = stores.serviceMetrics.series(
      input.modelName,
      version,
      new Date(now.getTime() - 3_600_000),
      now,
      'raw',
    );
    return { version, latest: series.at(-1) ?? null };
  });
  const [drift] = stores.driftReports.history(input.modelName, 1);
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
    openAlerts: stores.alerts.list({ status: ['open'], modelName: input.modelName }).map(toAlert),
  };
}
