import { serveWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import { PodiumError } from '../contract/errors.js';
import { type ColumnarTable, snapshotCsvColumns } from '../data/columnar/index.js';
import {
  type CsvReading,
  type DatasetProfile,
  type DatasetSnapshot,
  type IngestOptions,
  loadTable,
  tableFromRecords,
} from '../data/index.js';
import type { Table } from '../data/types.js';
import { recordFields } from '../features/index.js';
import { loadPredictor } from '../training/index.js';
import type { ModelSignature, Prediction } from '../training/types.js';
import { columnarDriftColumns } from './columnar-drift-columns.js';
import {
  type DriftColumn,
  type DriftOptions,
  type DriftReport,
  detectDrift,
  type ReferenceDistribution,
} from './drift/index.js';
import { driftColumns, predictionColumn } from './drift-columns.js';
import {
  multivariateDrift,
  multivariateSummary,
  REFERENCE_SAMPLE_FILE,
  type ReferenceSample,
  referenceSampleColumns,
} from './multivariate/index.js';
import {
  PREDICTION_SAMPLE_ROWS,
  PREDICTION_SAMPLE_SEED,
  predictionSample,
  sampledTable,
  sampleRowIndices,
} from './prediction-sample.js';

/**
 * The whole drift check of one data set in a worker thread: reading and profiling the file,
 * scoring it with the model, and the statistics. On a million rows that is seconds of CPU, and
 * the thread that answers the UI and the gateway must not spend them. SQLite stays with the
 * caller: the worker gets the live requests as logged text and hands back what is to be stored.
 */
export type DriftCheckInput = {
  packagePath: string;
  reference: ReferenceDistribution;
  /** Training rows for the multivariate checks; null when the package predates them. */
  referenceSample: ReferenceSample | null;
  signature: ModelSignature;
  options: Partial<DriftOptions>;
  source:
    | ({ kind: 'file'; file: string; datasetsDir: string; sourceName: string } & Pick<
        IngestOptions,
        'dialect' | 'fallbackDateFormats'
      >)
    /** A snapshot already stored: read with its profile and dialect, not ingested again. */
    | { kind: 'snapshot'; path: string; profile: DatasetProfile; reading: CsvReading }
    | { kind: 'live'; requests: LoggedRequest[]; profile: DatasetProfile; empty: string };
};
export type LoggedRequest = { features_json: string; created_at: string };
export type DriftCheckOutput = { snapshot: DatasetSnapshot | null; rows: number; report: DriftReport };

export const DRIFT_CHECK_STEPS = ['reading', 'scoring', 'statistics'] as const;

serveWorkerTask<DriftCheckInput, DriftCheckOutput, TaskProgress>(async (input, task) => {
  const total = DRIFT_CHECK_STEPS.length;
  const step = (index: number) => {
    if (task.signal.aborted) throw new PodiumError('CANCELLED', 'The drift check was cancelled');
    task.emit({ step: DRIFT_CHECK_STEPS[index], current: index, total });
  };
  step(0);
  const { source, signature } = input;
  if (source.kind === 'file') {
    // Read once, into typed columns, kept as a snapshot in the same read; nothing parses it again.
    const { snapshot, table } = await snapshotCsvColumns(source.file, {
      datasetsDir: source.datasetsDir,
      sourceName: source.sourceName,
      dialect: source.dialect,
      fallbackDateFormats: source.fallbackDateFormats,
      expectedNumbers: new Set(signature.inputs.filter((i) => i.type === 'number').map((i) => i.name)),
      signal: task.signal,
    });
    step(1);
    const report = await checkColumnarTable(input, table, () => step(2));
    task.emit({ step: 'done', current: total, total });
    return { snapshot, rows: table.rowCount, report };
  }
  let table: Table;
  if (source.kind === 'snapshot') {
    table = await loadTable(source.path, source.profile, source.reading);
  } else {
    const fields = recordFields(signature);
    const records = source.requests.map((request) =>
      fields.canonicalize(
        JSON.parse(request.features_json) as Record<string, unknown>,
        new Date(request.created_at),
      ),
    );
    table = tableFromRecords(records, source.profile);
  }
  if (table.rowCount === 0) {
    const empty = source.kind === 'live' ? source.empty : `${source.path} has no rows to check`;
    throw new PodiumError('DATA_INVALID', empty);
  }
  step(1);
  const predictor = await loadPredictor(input.packagePath);
  let report: DriftReport;
  try {
    const predictions = await predictor.predictTable(table);
    step(2);
    const columns = driftColumns(table, null, signature);
    report = detectDrift(
      input.reference,
      { columns, prediction: predictionColumn(signature, predictions) },
      input.options,
    );
    await withMultivariate(report, input, columns);
  } finally {
    predictor.dispose();
  }
  task.emit({ step: 'done', current: total, total });
  return { snapshot: null, rows: table.rowCount, report };
});

/**
 * Drift of a file read into columns: the features' statistics over every row, straight from the
 * typed columns; the prediction's over the model's outputs on a uniform sample of rows, scored in
 * one batch, with the sample's size and error bound in the report.
 */
async function checkColumnarTable(
  input: DriftCheckInput,
  table: ColumnarTable,
  scored: () => void,
): Promise<DriftReport> {
  const rows = sampleRowIndices(table.rowCount, PREDICTION_SAMPLE_ROWS, PREDICTION_SAMPLE_SEED);
  const predictor = await loadPredictor(input.packagePath);
  let predictions: Prediction[];
  try {
    predictions = await predictor.predictTable(sampledTable(table, rows));
  } finally {
    predictor.dispose();
  }
  scored();
  const columns = columnarDriftColumns(table, input.signature);
  const report = detectDrift(
    input.reference,
    { columns, prediction: predictionColumn(input.signature, predictions) },
    input.options,
  );
  await withMultivariate(report, input, columns);
  report.predictionSample = predictionSample(
    rows.length,
    table.rowCount,
    input.reference.prediction?.n ?? null,
  );
  return report;
}

/**
 * The multivariate checks (on samples of rows, so their cost does not grow with the file) added
 * to the report, and their verdict to its summary.
 */
async function withMultivariate(
  report: DriftReport,
  input: DriftCheckInput,
  columns: DriftColumn[],
): Promise<void> {
  const sample =
    input.referenceSample === null
      ? null
      : referenceSampleColumns(input.referenceSample, `${input.packagePath}/${REFERENCE_SAMPLE_FILE}`);
  report.multivariate = await multivariateDrift(input.reference, sample, columns);
  report.summary = `${report.summary} ${multivariateSummary(report.multivariate)}`;
}
