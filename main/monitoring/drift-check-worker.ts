import { stat } from 'node:fs/promises';
import { byteProgress } from '../common/byte-progress.js';
import { serveWorkerTask, type TaskContext, type TaskProgress } from '../common/worker-task/index.js';
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
import { loadPredictor, preloadOnnxRuntime } from '../training/index.js';
import type { ModelSignature, Prediction } from '../training/types.js';
import { type CurrentColumns, completeDriftReport, type TrainingSnapshot } from './column-coverage/index.js';
import { type DriftChunkingRequest, dateDays } from './columnar-drift-chunks.js';
import { columnarDriftColumns } from './columnar-drift-columns.js';
import { columnarCells, tableCells } from './data-quality/index.js';
import {
  type DriftColumn,
  type DriftOptions,
  type DriftReport,
  detectDrift,
  detectDriftByPeriod,
  type ReferenceDistribution,
} from './drift/index.js';
import { driftColumns, predictionColumn } from './drift-columns.js';
import {
  LIVE_MULTIVARIATE_MIN_ROWS,
  multivariateDrift,
  multivariateSummary,
  REFERENCE_SAMPLE_FILE,
  type ReferenceSample,
  referenceSampleColumns,
  skippedForLiveWindow,
} from './multivariate/index.js';
import { type MultivariateCheck, startMultivariateCheck } from './multivariate-in-worker.js';
import type { MultivariateCheckInput } from './multivariate-worker.js';
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
  /** The version's training dataset: every other column and the data-quality thresholds come from it (null: it is gone). */
  training: TrainingSnapshot | null;
  /** Also check each period of a file, grouped by a date column (files only). */
  chunking?: DriftChunkingRequest;
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

// The champion's predictions are part of the check, and an ecd champion is scored by ONNX
// Runtime: its library loads while a warm thread waits for its input (app/warm-operation-worker.ts).
preloadOnnxRuntime();

serveWorkerTask<DriftCheckInput, DriftCheckOutput, TaskProgress>(async (input, task) => {
  const total = DRIFT_CHECK_STEPS.length;
  const step = (index: number) => {
    if (task.signal.aborted) throw new PodiumError('CANCELLED', 'The drift check was cancelled');
    task.emit({ step: DRIFT_CHECK_STEPS[index], current: index, total });
  };
  step(0);
  const { source } = input;
  if (source.kind === 'file') {
    // Started before the read, so the thread's start-up overlaps it.
    const multivariate = startMultivariateCheck(multivariateInput(input), task.signal);
    try {
      return await checkFile(input, source, multivariate, task, step);
    } finally {
      await multivariate.stop();
    }
  }
  // A stored dataset's checks run in their own thread too; a live window's are small, kept here.
  const multivariate =
    source.kind === 'snapshot' ? startMultivariateCheck(multivariateInput(input), task.signal) : null;
  try {
    return await checkTable(input, source, multivariate, task, step);
  } finally {
    await multivariate?.stop();
  }
});

/** A stored dataset or a window of live requests, read into a Table. */
async function checkTable(
  input: DriftCheckInput,
  source: Exclude<DriftCheckInput['source'], { kind: 'file' }>,
  multivariate: MultivariateCheck | null,
  task: TaskContext<TaskProgress, never>,
  step: (index: number) => void,
): Promise<DriftCheckOutput> {
  const { signature } = input;
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
  const columns = driftColumns(table, null, signature);
  multivariate?.check(columns);
  step(1);
  const predictor = await loadPredictor(input.packagePath);
  let report: DriftReport;
  try {
    const predictions = await predictor.predictTable(table);
    step(2);
    report = detectDrift(
      input.reference,
      { columns, prediction: predictionColumn(signature, predictions) },
      input.options,
    );
    if (source.kind === 'live' && table.rowCount < LIVE_MULTIVARIATE_MIN_ROWS) {
      report.multivariate = skippedForLiveWindow(input.referenceSample?.rows ?? 0, table.rowCount);
    } else if (multivariate) {
      // A place kept in the report's order; filled once the checks' thread answers.
      report.multivariate = [];
    } else {
      await withMultivariate(report, input, columns);
    }
  } finally {
    predictor.dispose();
  }
  report = await completed(input, report, {
    rows: table.rowCount,
    cells: (name) => tableCells(table, name),
    names: table.columns.map((column) => column.name),
    onlyModelInputs: source.kind === 'live',
  });
  if (multivariate) report.multivariate = await multivariate.result();
  if (report.multivariate) report.summary = `${report.summary} ${multivariateSummary(report.multivariate)}`;
  task.emit({ step: 'done', current: DRIFT_CHECK_STEPS.length, total: DRIFT_CHECK_STEPS.length });
  return { snapshot: null, rows: table.rowCount, report };
}

/** A file's drift check: read into typed columns once, kept as a snapshot in the same read. */
async function checkFile(
  input: DriftCheckInput,
  source: Extract<DriftCheckInput['source'], { kind: 'file' }>,
  multivariate: MultivariateCheck,
  task: TaskContext<TaskProgress, never>,
  step: (index: number) => void,
): Promise<DriftCheckOutput> {
  // Read once, into typed columns, kept as a snapshot in the same read; nothing parses it again.
  const { snapshot, table } = await snapshotCsvColumns(source.file, {
    datasetsDir: source.datasetsDir,
    sourceName: source.sourceName,
    dialect: source.dialect,
    fallbackDateFormats: source.fallbackDateFormats,
    expectedNumbers: expectedNumbers(input),
    signal: task.signal,
    // The read is most of a large file's check: its bytes, for the CLI's bar (step `read`).
    // A file that cannot be read reports nothing here: the read itself says what is wrong.
    onBytesRead: await stat(source.file).then(
      ({ size }) => byteProgress(size, (progress) => task.emit(progress)),
      () => undefined,
    ),
  });
  const columns = columnarDriftColumns(table, input.signature);
  multivariate.check(columns);
  step(1);
  const report = await completed(input, await checkColumnarTable(input, table, columns, () => step(2)), {
    rows: table.rowCount,
    cells: (name) => columnarCells(table, name),
    names: table.columns.map((column) => column.name),
    onlyModelInputs: false,
  });
  // Joined last: the checks ran beside the statistics and the data quality.
  report.multivariate = await multivariate.result();
  // After the summary of every column: the periods' and the multivariate checks' sentences.
  if (report.chunking && report.chunks)
    report.summary = `${report.summary} ${periodsSummary(report.chunking, report.chunks)}`;
  if (report.multivariate) report.summary = `${report.summary} ${multivariateSummary(report.multivariate)}`;
  task.emit({ step: 'done', current: DRIFT_CHECK_STEPS.length, total: DRIFT_CHECK_STEPS.length });
  return { snapshot, rows: table.rowCount, report };
}

/** Every column and the data-quality checks, when the training dataset is still there to read. */
function completed(
  input: DriftCheckInput,
  report: DriftReport,
  current: CurrentColumns,
): Promise<DriftReport> {
  if (input.training === null) return Promise.resolve(report);
  return completeDriftReport(report, {
    training: input.training,
    current,
    signature: input.signature,
    options: input.options,
  });
}

/**
 * Columns read as numbers in training (the model's number inputs, and every numeric column of the
 * training data): a few cells there that are no number are type mismatches, not a change of type.
 */
function expectedNumbers(input: DriftCheckInput): Set<string> {
  const names = input.signature.inputs.filter((i) => i.type === 'number').map((i) => i.name);
  for (const column of input.training?.profile.columns ?? []) {
    if (column.type === 'numeric' || column.type === 'integer') names.push(column.name);
  }
  return new Set(names);
}

/**
 * Drift of a file read into columns: the features' statistics over every row, straight from the
 * typed columns; the prediction's over the model's outputs on a uniform sample of rows, scored in
 * one batch, with the sample's size and error bound in the report.
 */
async function checkColumnarTable(
  input: DriftCheckInput,
  table: ColumnarTable,
  columns: DriftColumn[],
  scored: () => void,
): Promise<DriftReport> {
  // A wrong --by column fails here, before the model is loaded.
  const chunking = input.chunking;
  const dates = chunking ? { name: chunking.by, days: dateDays(table, chunking.by) } : undefined;
  const rows = sampleRowIndices(table.rowCount, PREDICTION_SAMPLE_ROWS, PREDICTION_SAMPLE_SEED);
  const predictor = await loadPredictor(input.packagePath);
  let predictions: Prediction[];
  try {
    predictions = await predictor.predictTable(sampledTable(table, rows));
  } finally {
    predictor.dispose();
  }
  scored();
  const report = detectDrift(
    input.reference,
    { columns, prediction: predictionColumn(input.signature, predictions) },
    input.options,
  );
  if (chunking && dates) {
    const periods = detectDriftByPeriod(input.reference, columns, dates, chunking, input.options);
    report.chunking = periods.chunking;
    report.chunks = periods.chunks;
  }
  // A place kept in the report's order; the caller fills it with the checks' own thread's result.
  report.multivariate = [];
  report.predictionSample = predictionSample(
    rows.length,
    table.rowCount,
    input.reference.prediction?.n ?? null,
  );
  return report;
}

/** One sentence on the periods: how many, which were flagged, what had no verdict or no date. */
function periodsSummary(
  chunking: NonNullable<DriftReport['chunking']>,
  chunks: NonNullable<DriftReport['chunks']>,
): string {
  // Flagged: a feature drifted in the period (a feature warning alone is expected by chance).
  const flagged = chunks.filter((chunk) => chunk.status === 'drift' || chunk.status === 'warning');
  const few = chunks.filter((chunk) => chunk.status === 'too_few_rows').length;
  const labels = flagged.map((chunk) => chunk.label);
  const parts = [
    `By ${chunking.every} of ${chunking.by}: ${chunks.length} period${chunks.length === 1 ? '' : 's'}`,
    flagged.length === 0
      ? 'none flagged'
      : `${flagged.length} flagged (${labels.length > 6 ? `${labels.slice(0, 6).join(', ')}, …` : labels.join(', ')})`,
  ];
  if (few > 0) parts.push(`${few} under ${chunking.minRows} rows, not judged`);
  if (chunking.rowsWithoutDate > 0)
    parts.push(`${chunking.rowsWithoutDate} rows with no readable ${chunking.by}, in no period`);
  return `${parts.join('; ')}.`;
}

/** What the multivariate checks' thread needs from the model's side. */
function multivariateInput(input: DriftCheckInput): MultivariateCheckInput {
  return {
    reference: input.reference,
    referenceSample: input.referenceSample,
    referenceSampleFile: `${input.packagePath}/${REFERENCE_SAMPLE_FILE}`,
  };
}

/** The multivariate checks, on samples of rows so that their cost does not grow with the file. */
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
}
