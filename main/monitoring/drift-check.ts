import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { runWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import type { PodiumConfig } from '../config/index.js';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import type { CsvReading, DatasetProfile, DatasetStore } from '../data/index.js';
import { checkNoCsvDialect, isParquetFile, withCsvOf } from '../data/parquet/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import { SIGNATURE_FILE } from '../training/package-files.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { DriftChunkingRequest } from './columnar-drift-chunks.js';
import type { DriftOptions, ReferenceDistribution } from './drift/index.js';
import { REFERENCE_DISTRIBUTION_FILE } from './drift/reference.js';
import type { DriftCheckInput, DriftCheckOutput, LoggedRequest } from './drift-check-worker.js';
import { DRIFT_CHECK_WORKER } from './drift-check-worker-url.js';
import type { DriftReportStore, StoredDriftReport } from './drift-report-store.js';
import type { ReferenceSample } from './multivariate/index.js';
import { REFERENCE_SAMPLE_FILE } from './multivariate/reference-sample-file.js';

export type DriftSource =
  /** `dialect`: how the file is written, where the user said so. */
  | { file: string; dialect?: CsvDialectOptions; sourceName?: string }
  | { dataset: { id: string; path: string; profile: DatasetProfile; dialect: CsvReading } }
  | { window: { from: Date; to: Date } };

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
 * Checks a model version's inputs and predictions on current data — a CSV file, a stored
 * dataset, or a window of live requests from the gateway log — against its training data's
 * reference distribution, and stores the report (with histograms) for plotting. Everything heavy
 * runs in a worker thread (drift-check-worker.ts); this thread only reads and writes SQLite.
 */
export async function checkDrift(
  workspace: Workspace,
  stores: { datasets: DatasetStore; traffic: TrafficStore; driftReports: DriftReportStore },
  input: {
    version: ModelVersion;
    source: DriftSource;
    /** Also check each period of a file, grouped by a date column. */
    chunking?: DriftChunkingRequest;
    signal?: AbortSignal;
    onProgress?: (progress: TaskProgress) => void;
  },
): Promise<StoredDriftReport> {
  const { source } = input;
  if (!('file' in source) || !isParquetFile(source.file)) return checkDriftOfCsv(workspace, stores, input);
  checkNoCsvDialect(source.file, source.dialect);
  // A Parquet file is checked as the CSV it converts to; its snapshot keeps the Parquet file's name.
  return withCsvOf(resolve(source.file), workspace.paths.datasets, (csv) =>
    checkDriftOfCsv(workspace, stores, {
      ...input,
      source: { file: csv, sourceName: source.sourceName ?? basename(source.file) },
    }),
  );
}

async function checkDriftOfCsv(
  workspace: Workspace,
  stores: { datasets: DatasetStore; traffic: TrafficStore; driftReports: DriftReportStore },
  input: Parameters<typeof checkDrift>[2],
): Promise<StoredDriftReport> {
  const { version, source } = input;
  const reference = await readReference(version);
  const signature = JSON.parse(
    await readFile(join(version.packagePath, SIGNATURE_FILE), 'utf8'),
  ) as ModelSignature;
  if (input.chunking && !('file' in source)) {
    throw new PodiumError(
      'USAGE',
      `Grouping by ${input.chunking.by} into periods works on a data file; give the file, not a stored dataset or a window of live requests`,
      { by: input.chunking.by },
    );
  }
  let workerSource: DriftCheckInput['source'];
  if ('file' in source) {
    workerSource = {
      kind: 'file',
      file: resolve(source.file),
      datasetsDir: workspace.paths.datasets,
      sourceName: source.sourceName ?? basename(source.file),
      dialect: source.dialect,
      // Dates the file cannot decide are read as the model's training data read them.
      fallbackDateFormats: stores.datasets.get(version.datasetId)?.dialect.dateFormats,
    };
  } else if ('dataset' in source) {
    const { path, profile, dialect } = source.dataset;
    workerSource = { kind: 'snapshot', path, profile, reading: dialect };
  } else {
    const training = stores.datasets.get(version.datasetId);
    if (!training)
      throw new PodiumError('NOT_FOUND', `Dataset ${version.datasetId} of v${version.version} is missing`);
    workerSource = {
      kind: 'live',
      requests: loggedRequests(stores.traffic, version, source.window),
      profile: training.profile,
      empty: `No live requests reached ${version.modelName} v${version.version} between ${source.window.from.toISOString()} and ${source.window.to.toISOString()}`,
    };
  }
  const trainingDataset = stores.datasets.get(version.datasetId);
  const checked = await runWorkerTask<DriftCheckInput, DriftCheckOutput>(
    DRIFT_CHECK_WORKER,
    {
      packagePath: version.packagePath,
      reference,
      referenceSample: await readReferenceSample(version),
      signature,
      options: driftOptions(workspace.config.monitoring),
      training: trainingDataset
        ? { path: trainingDataset.path, profile: trainingDataset.profile, reading: trainingDataset.dialect }
        : null,
      ...(input.chunking ? { chunking: input.chunking } : {}),
      source: workerSource,
    },
    { name: 'drift check', signal: input.signal, onProgress: input.onProgress, logger: workspace.logger },
  );
  const { report, rows } = checked;
  const datasetId =
    checked.snapshot !== null
      ? stores.datasets.record(checked.snapshot).id
      : 'dataset' in source
        ? source.dataset.id
        : null;
  const window =
    'window' in source
      ? { from: source.window.from.toISOString(), to: source.window.to.toISOString() }
      : null;
  const createdAt = workspace.clock.now().toISOString();
  const stored: Omit<StoredDriftReport, 'id'> = {
    model: version.modelName,
    version: version.version,
    source: window ? 'live' : 'file',
    datasetId,
    window,
    rows,
    createdAt,
    report,
  };
  return { id: stores.driftReports.record(stored), ...stored };
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
 * The training rows kept for the multivariate checks, or null for a package registered before
 * they existed (the report then says so and how to get them). The worker validates its shape.
 */
async function readReferenceSample(version: ModelVersion): Promise<ReferenceSample | null> {
  const file = join(version.packagePath, REFERENCE_SAMPLE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as ReferenceSample;
  } catch {
    throw new PodiumError('PACKAGE_INVALID', `${file} is not valid JSON`, { file });
  }
}

/**
 * The champion-side request bodies the gateway logged for this version in the window, as logged:
 * the worker parses them, so a busy day's log costs this thread only the query.
 */
function loggedRequests(
  traffic: TrafficStore,
  version: ModelVersion,
  window: { from: Date; to: Date },
): LoggedRequest[] {
  return traffic
    .championRequestBodies(version.modelName, version.version, {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    })
    .map((row) => ({ features_json: row.featuresJson, created_at: row.createdAt }));
}
