import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import { operationProgress, type PodiumEventSink } from '../contract/event-sink.js';
import type { DomainHandlers, StoredDriftReport } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import type { JobRunner } from '../jobs/index.js';
import { modelRefs } from '../registry/model-refs.js';
import type { Workspace } from '../workspace/index.js';
import type { AlertService, AlertStore } from './alerts/index.js';
import { toAlert } from './alerts/to-alert.js';
import { checkDrift } from './drift-check.js';
import type { DriftReportStore } from './drift-report-store.js';
import type { TrafficSources } from './performance/index.js';
import type { ServiceMetricsStore } from './service-metrics/index.js';

type Names =
  | 'drift.report'
  | 'drift.check'
  | 'drift.history'
  | 'monitoring.report'
  | 'alerts.list'
  | 'alerts.acknowledge'
  | 'alerts.resolve';

/** What monitoring's operations need of the API. */
export type MonitoringHandlerContext = {
  workspace: Workspace;
  /** Where a file's drift check reports its read (`operation.progress`, step `read`, in bytes). */
  events?: PodiumEventSink;
  actor: string;
  jobs: Pick<JobRunner, 'run'>;
  alerts: AlertService;
  stores: TrafficSources & {
    datasets: DatasetStore;
    driftReports: DriftReportStore;
    serviceMetrics: ServiceMetricsStore;
    alerts: AlertStore;
  };
};

export function monitoringHandlers(context: MonitoringHandlerContext): DomainHandlers<Names> {
  const { workspace, alerts, actor, jobs, stores } = context;
  const { versions } = stores;
  const refs = modelRefs(versions, workspace);
  return {
    'drift.report': defineOperation(
      'drift.report',
      async ({ model, datasetId }): Promise<StoredDriftReport | null> => {
        // Nothing to show yet in an empty workspace; with several models, the view must name one.
        const name = refs.nameIfAny(model);
        if (name === null) return null;
        if (datasetId === undefined) return stores.driftReports.history(name, 1)[0] ?? null;
        const dataset = stores.datasets.get(datasetId);
        if (!dataset)
          throw new PodiumError('NOT_FOUND', `No dataset with id ${datasetId}`, { field: 'datasetId' });
        const champion = versions.champion(name);
        if (!champion) {
          throw new PodiumError('CONFLICT', `${name} has no champion to check drift against`, {
            field: 'model',
          });
        }
        // The same check as `podium drift --data`, in a worker thread, as a job the UI can
        // follow (job.progress) and cancel (jobs.cancel) while this call waits for the report.
        return jobs.run(
          'drift',
          `drift of ${dataset.sourceName} against ${name} v${champion.version}`,
          (job) =>
            checkDrift(workspace, stores, {
              version: champion,
              source: { dataset },
              signal: job.signal,
              onProgress: job.progress,
            }),
        ).result;
      },
    ),
    'drift.check': defineOperation(
      'drift.check',
      async ({ model, version, file, windowMs, dialect, by, every }) => {
        const checked = refs.version({ model, version }, 'champion');
        const now = workspace.clock.now();
        const source =
          file !== undefined
            ? { file, dialect }
            : { window: { from: new Date(now.getTime() - (windowMs ?? 0)), to: now } };
        const chunking =
          by !== undefined && every !== undefined
            ? { by, every, minRows: workspace.config.monitoring.drift_min_chunk_rows }
            : undefined;
        return checkDrift(workspace, stores, {
          version: checked,
          source,
          chunking,
          ...(file === undefined || context.events === undefined
            ? {}
            : { onProgress: operationProgress(context.events, 'drift.check', file) }),
        });
      },
    ),
    'drift.history': defineOperation('drift.history', ({ model, limit }) => {
      const name = refs.nameIfAny(model);
      return name === null ? [] : stores.driftReports.history(name, limit ?? 20);
    }),
    'monitoring.report': defineOperation('monitoring.report', async ({ model, window, days }) => {
      // The report's estimates (the model families, the calibration) load with its first call,
      // not with the drift check that shares this table (issue 16).
      const { monitorReport } = await import('./monitor-report.js');
      const { withLiveLossEstimate } = await import('./live-loss-estimate.js');
      return withLiveLossEstimate(
        workspace,
        stores,
        monitorReport(workspace, stores, {
          modelName: refs.name(model),
          window: window ?? 'day',
          days: days ?? 7,
        }),
      );
    }),
    'alerts.list': defineOperation('alerts.list', ({ status, limit, model }) =>
      alerts
        .list({ status, limit: limit ?? 100, modelName: model === undefined ? undefined : refs.name(model) })
        .map(toAlert),
    ),
    'alerts.acknowledge': defineOperation('alerts.acknowledge', ({ id }) =>
      toAlert(alerts.acknowledge(id, actor)),
    ),
    'alerts.resolve': defineOperation('alerts.resolve', ({ id }) => toAlert(alerts.resolve(id, actor))),
  };
}
