import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PodiumError } from '../api/errors.js';
import type { PodiumConfig } from '../config/index.js';
import { ingestCsv, loadTable, tableFromRecords } from '../data/index.js';
import type { Table } from '../data/types.js';
import { recordFields } from '../features/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { ModelVersion } from '../registry/index.js';
import { TrafficStore } from '../serving/traffic-store.js';
import { loadPredictor, SIGNATURE_FILE } from '../training/index.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import {
  type DriftOptions,
  type DriftReport,
  detectDriftInWorker,
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
} from './drift/index.js';
import { driftColumns, predictionColumn } from './drift-columns.js';
import { DriftReportStore, type StoredDriftReport } from './drift-report-store.js';

export type DriftSource = { file: string } | { window: { from: Date; to: Date } };

export type { StoredDriftReport } from './drift-report-store.js';

export function driftOptions(settings: PodiumConfig['monitoring']): Partial<DriftOptions> {
  return {
    psiDrift: settings.psi_drift,
    psiWarning: settings.psi_warning,
    pValue: settings.p_value,
    driftShare: settings.drift_share,
    largeSample: settings.large_sample,
    wassersteinDrift: settings.wasserstein_drift,
    jsDrift: settings.js_drift,
    correction: settings.correction,
  };
}

/**
 * Checks a model version's inputs and predictions on current data — a CSV file, or a window of
 * live requests from the gateway log — against its training data's reference distribution,
 * off the main thread, and stores the report (with histograms) for plotting.
 */
export async function checkDrift(
  workspace: Workspace,
  manager: ChampionChallengerManager,
  input: { version: ModelVersion; source: DriftSource },
): Promise<StoredDriftReport> {
  const { version, source } = input;
  const reference = await readReference(version);
  const signature = JSON.parse(
    await readFile(join(version.packagePath, SIGNATURE_FILE), 'utf8'),
  ) as ModelSignature;
  let table: Table;
  let datasetId: string | null = null;
  if ('file' in source) {
    const snapshot = manager.datasetStore.record(
      await ingestCsv(resolve(source.file), {
        datasetsDir: workspace.paths.datasets,
        sourceName: basename(source.file),
      }),
    );
    datasetId = snapshot.id;
    table = await loadTable(snapshot.path, snapshot.profile);
  } else {
    const training = manager.datasetStore.get(version.datasetId);
    if (!training)
      throw new PodiumError('NOT_FOUND', `Dataset ${version.datasetId} of v${version.version} is missing`);
    table = tableFromRecords(liveRecords(workspace, version, signature, source.window), training.profile);
  }
  if (table.rowCount === 0) {
    throw new PodiumError(
      'DATA_INVALID',
      'file' in source
        ? `${source.file} has no rows to check`
        : `No live requests reached ${version.modelName} v${version.version} between ${source.window.from.toISOString()} and ${source.window.to.toISOString()}`,
    );
  }
  const predictor = await loadPredictor(version.packagePath);
  let report: DriftReport;
  try {
    const predictions = await predictor.predictTable(table);
    report = await detectDriftInWorker(
      reference,
      { columns: driftColumns(table, null, signature), prediction: predictionColumn(signature, predictions) },
      driftOptions(workspace.config.monitoring),
    );
  } finally {
    predictor.dispose();
  }
  const window =
    'window' in source
      ? { from: source.window.from.toISOString(), to: source.window.to.toISOString() }
      : null;
  const createdAt = workspace.clock.now().toISOString();
  const stored: Omit<StoredDriftReport, 'id'> = {
    model: version.modelName,
    version: version.version,
    source: window ? 'live' : 'file',
    dataset_id: datasetId,
    window,
    rows: table.rowCount,
    created_at: createdAt,
    report,
  };
  return { id: new DriftReportStore(workspace.db).record(stored), ...stored };
}

async function readReference(version: ModelVersion): Promise<ReferenceDistribution> {
  const file = join(version.packagePath, REFERENCE_DISTRIBUTION_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ReferenceDistribution;
  } catch {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${version.modelName} v${version.version} has no reference distribution (${file}); it was registered before drift checks existed — retrain it to check drift`,
      { file },
    );
  }
}

/** The champion-side request bodies the gateway logged for this version in the window. */
function liveRecords(
  workspace: Workspace,
  version: ModelVersion,
  signature: ModelSignature,
  window: { from: Date; to: Date },
): Record<string, unknown>[] {
  const rows = new TrafficStore(workspace.db).championRequestBodies(version.modelName, version.version, {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
  });
  const fields = recordFields(signature);
  return rows.map((row) =>
    fields.canonicalize(JSON.parse(row.featuresJson) as Record<string, unknown>, new Date(row.createdAt)),
  );
}

export function driftHistory(workspace: Workspace, modelName: string, limit = 20): StoredDriftReport[] {
  return new DriftReportStore(workspace.db).history(modelName, limit);
}
