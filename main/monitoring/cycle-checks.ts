import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import type { DatasetStore } from '../data/index.js';
import type { CycleChecks } from '../lifecycle/index.js';
import { SIGNATURE_FILE } from '../training/index.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { AlertService } from './alerts/index.js';
import { checkDrift } from './drift-check.js';
import type { DriftReportStore } from './drift-report-store.js';
import { exportLabelledTraffic } from './labelled-traffic.js';
import { estimateNewData } from './new-data-estimate.js';
import { checkPerformanceDrop, type TrafficSources } from './performance/index.js';

/** Labelled rows a retraining on live traffic needs, so a handful of labels never replaces a champion's data. */
const MIN_RETRAINING_ROWS = 200;

/**
 * Monitoring inside a lifecycle cycle: each new data file is checked for drift against the
 * champion before a challenger is trained on it (a dataset drift raises an alert), and with no
 * new data a performance drop on labelled live traffic raises an alert and triggers a retraining
 * on that traffic (seed 004: "retrain when R² falls by more than 5%").
 */
/** What the checks read: live traffic and versions, the new data's snapshot, the drift reports. */
export type CycleCheckStores = TrafficSources & { datasets: DatasetStore; driftReports: DriftReportStore };

export function cycleChecks(input: {
  workspace: Workspace;
  stores: CycleCheckStores;
  alerts: AlertService | null;
  modelName: string;
  /** How new data files are written, where the user said so. */
  dialect?: CsvDialectOptions;
}): CycleChecks {
  const { workspace, stores, alerts, modelName, dialect } = input;
  const { versions } = stores;
  return {
    onNewData: async (file) => {
      const champion = versions.champion(modelName);
      if (!champion) return null;
      const settings = workspace.config.monitoring;
      // Read as the check starts, so a saved drift_by applies to the next new file.
      const chunking =
        settings.drift_by.trim() === ''
          ? undefined
          : {
              by: settings.drift_by.trim(),
              every: settings.drift_every,
              minRows: settings.drift_min_chunk_rows,
            };
      const stored = await checkDrift(workspace, stores, {
        version: champion,
        source: { file, dialect },
        chunking,
      });
      const { report } = stored;
      const estimate = settings.estimate_new_data
        ? ` ${await estimateNewData({ workspace, stores, alerts, modelName, file, dialect })}`
        : '';
      if (!report.datasetDrift) return `Drift check of ${file}: ${report.summary}${estimate}`;
      const drifted = report.features
        .filter((feature) => feature.status === 'drift')
        .map((feature) => feature.name);
      alerts?.raise({
        rule: 'dataset_drift',
        modelName,
        dedupKey: `dataset_drift:${modelName}:${stored.datasetId ?? stored.id}`,
        title: `Dataset drift in new data for ${modelName}`,
        message: `${report.summary} (drift report #${stored.id}); a challenger is trained on this data now.`,
        evidence: {
          driftedFeatures: drifted,
          checkedFeatures: report.applicableFeatures,
          datasetId: stored.datasetId ?? undefined,
          version: champion.version,
          details: { driftReportId: stored.id, driftShare: report.driftShare },
        },
      });
      return `Dataset drift in ${file} (report #${stored.id}): ${drifted.join(', ')}.${estimate}`;
    },
    retrainingTrigger: async () => {
      // No model yet, or no champion: nothing to watch, nothing to retrain.
      if (!versions.champion(modelName)) return null;
      const settings = workspace.config.monitoring;
      const drop = checkPerformanceDrop(stores, {
        modelName,
        threshold: settings.performance_drop_threshold,
        minLabelled: settings.min_labelled,
        window: 'day',
        now: workspace.clock.now(),
      });
      if (!drop.dropped || drop.version === null) return null;
      alerts?.raise({
        rule: 'performance_drop',
        modelName,
        dedupKey: `performance_drop:${modelName}:v${drop.version}`,
        title: `${modelName} v${drop.version}: ${drop.metric} fell ${((drop.relativeDrop ?? 0) * 100).toFixed(1)}%`,
        message: drop.reason,
        evidence: {
          metric: drop.metric,
          baseline: drop.evaluated ?? Number.NaN,
          current: drop.observed ?? Number.NaN,
          version: drop.version,
          window: `${drop.from} → ${drop.to}`,
          details: { labelled: drop.labelled, threshold: drop.threshold },
        },
      });
      const target = versions.modelTask(modelName)?.target;
      if (!target || !drop.from || !drop.to) return null;
      const dropped = versions.get(modelName, drop.version);
      const signature = JSON.parse(
        await readFile(join(dropped.packagePath, SIGNATURE_FILE), 'utf8'),
      ) as ModelSignature;
      const exported = await exportLabelledTraffic(workspace, stores.traffic, {
        modelName,
        target,
        from: drop.from,
        to: drop.to,
        minRows: MIN_RETRAINING_ROWS,
        signature,
      });
      if (!exported) return null;
      return {
        file: exported.file,
        reason: `${drop.reason} Retraining on the ${exported.rows} labelled live requests of ${drop.from} → ${drop.to}.`,
      };
    },
  };
}
