import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { runWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import type { PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { StoredDriftReport as StoredDriftReportData } from '../contract/index.js';
import type { DatasetProfile } from '../data/index.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { ModelVersion } from '../registry/index.js';
import { SIGNATURE_FILE } from '../training/index.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import {
  type DriftOptions,
  type DriftReport,
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
} from './drift/index.js';
import type { DriftCheckInput, DriftCheckOutput, LoggedRequest } from './drift-check-worker.js';

export type DriftSource =
  | { file: string }
  | { dataset: { id: string; path: string; profile: DatasetProfile } }
  | { window: { from: Date; to: Date } };

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
 * Checks a model version's inputs and predictions on current data — a CSV file, a stored
 * dataset, or a window of live requests from the gateway log — against its training data's
 * reference distribution, and stores the report (with histograms) for plotting. Everything heavy
 * runs in a worker thread (drift-check-worker.ts); this thread only reads and writes SQLite.
 */
export async function checkDrift(
  workspace: Workspace,
  manager: ChampionChallengerManager,
  input: {
    version: ModelVersion;
    source: DriftSource;
    signal?: AbortSignal;
    onProgress?: (progress: TaskProgress) => void;
  },
): Promise<StoredDriftReport> {
  const { version, source } = input;
  const reference = await readReference(version);
  const signature = JSON.parse(
    await readFile(join(version.packagePath, SIGNATURE_FILE), 'utf8'),
  ) as ModelSignature;
  let workerSource: DriftCheckInput['source'];
  if ('file' in source) {
    workerSource = {
      kind: 'file',
      file: resolve(source.file),
      datasetsDir: workspace.paths.datasets,
      sourceName: basename(source.file),
    };
  } else if ('dataset' in source) {
    workerSource = { kind: 'snapshot', path: source.dataset.path, profile: source.dataset.profile };
  } else {
    const training = manager.datasetStore.get(version.datasetId);
    if (!training)
      throw new PodiumError('NOT_FOUND', `Dataset ${version.datasetId} of v${version.version} is missing`);
    workerSource = {
      kind: 'live',
      requests: loggedRequests(workspace, version, source.window),
      profile: training.profile,
      empty: `No live requests reached ${version.modelName} v${version.version} between ${source.window.from.toISOString()} and ${source.window.to.toISOString()}`,
    };
  }
  const checked = await runWorkerTask<DriftCheckInput, DriftCheckOutput>(
    new URL('./drift-check-worker.js', import.meta.url),
    {
      packagePath: version.packagePath,
      reference,
      signature,
      options: driftOptions(workspace.config.monitoring),
      source: workerSource,
    },
    { name: 'drift check', signal: input.signal, onProgress: input.onProgress, logger: workspace.logger },
  );
  const { report, rows } = checked;
  const datasetId =
    checked.snapshot !== null
      ? manager.datasetStore.record(checked.snapshot).id
      : 'dataset' in source
        ? source.dataset.id
        : null;
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
      rows,
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
    rows,
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

/**
 * The champion-side request bodies the gateway logged for this version in the window, as logged:
 * the worker parses them, so a busy day's log costs this thread only the query.
 */
function loggedRequests(
  workspace: Workspace,
  version: ModelVersion,
  window: { from: Date; to: Date },
): LoggedRequest[] {
  return workspace.db
    .prepare(
      `SELECT features_json, created_at FROM prediction_log
       WHERE model_name = ? AND version = ? AND role = 'champion' AND features_json IS NOT NULL
         AND created_at >= ? AND created_at < ?`,
    )
    .all(
      version.modelName,
      version.version,
      window.from.toISOString(),
      window.to.toISOString(),
    ) as LoggedRequest[];
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
