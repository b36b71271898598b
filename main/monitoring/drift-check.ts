import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { StoredDriftReport as StoredDriftReportData } from '../contract/index.js';
import { ingestCsv, loadTable, tableFromRecords } from '../data/index.js';
import type { Table } from '../data/types.js';
import { recordFields } from '../features/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { ModelVersion } from '../registry/index.js';
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

export type DriftSource = { file: string } | { window: { from: Date; to: Date } };

/** The contract's stored report, carrying the core's fully typed drift report. */
export type StoredDriftReport = Omit<StoredDriftReportData, 'report'> & { report: DriftReport };

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
  const result = workspace.db
    .prepare(
      `INSERT INTO drift_reports (model_name, version, source, dataset_id, window_from, window_to, rows, dataset_drift,
         drift_share, report_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      version.modelName,
      version.version,
      window ? 'live' : 'file',
      datasetId,
      window?.from ?? null,
      window?.to ?? null,
      table.rowCount,
      report.dataset_drift ? 1 : 0,
      report.drift_share,
      JSON.stringify(report),
      createdAt,
    );
  return {
    id: Number(result.lastInsertRowid),
    model: version.modelName,
    version: version.version,
    source: window ? 'live' : 'file',
    dataset_id: datasetId,
    window,
    rows: table.rowCount,
    created_at: createdAt,
    report,
  };
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
  const rows = workspace.db
    .prepare(
      `SELECT features_json, created_at FROM prediction_log
       WHERE model_name = ? AND version = ? AND role = 'champion' AND features_json IS NOT NULL
         AND created_at >= ? AND created_at < ?`,
    )
    .all(version.modelName, version.version, window.from.toISOString(), window.to.toISOString()) as {
    features_json: string;
    created_at: string;
  }[];
  const fields = recordFields(signature);
  return rows.map((row) =>
    fields.canonicalize(JSON.parse(row.features_json) as Record<string, unknown>, new Date(row.created_at)),
  );
}

export function driftHistory(workspace: Workspace, modelName: string, limit = 20): StoredDriftReport[] {
  const rows = workspace.db
    .prepare('SELECT * FROM drift_reports WHERE model_name = ? ORDER BY id DESC LIMIT ?')
    .all(modelName, limit) as {
    id: number;
    model_name: string;
    version: number;
    source: 'file' | 'live';
    dataset_id: string | null;
    window_from: string | null;
    window_to: string | null;
    rows: number;
    report_json: string;
    created_at: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    model: row.model_name,
    version: row.version,
    source: row.source,
    dataset_id: row.dataset_id,
    window: row.window_from && row.window_to ? { from: row.window_from, to: row.window_to } : null,
    rows: row.rows,
    created_at: row.created_at,
    report: JSON.parse(row.report_json) as DriftReport,
  }));
}
