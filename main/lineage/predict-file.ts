import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sha256File, tempPathFor } from '../common/files.js';
import { libraryVersions } from '../common/versions.js';
import { PodiumError } from '../contract/errors.js';
// The data room's CSV reader (segmenter, segment parser, column builders): reusing it gives
// batch prediction the same cell parsing and the same true physical line numbers as ingest.
import { CsvProblemError, CsvSegmenter, createColumnBuilder, parseSegment } from '../data/index.js';
import type { Table } from '../data/types.js';
import { type ModelVersion, verifyPackage } from '../registry/index.js';
import { loadPredictor, type Predictor } from '../training/index.js';
import type { Workspace } from '../workspace/index.js';
import { codeVersion } from './code-version.js';
import { insertPrediction, type PredictionRecord } from './prediction-store.js';

export const PREDICTION_COLUMN = 'prediction';
export const MODEL_VERSION_COLUMN = 'model_version';
export const PROBABILITY_PREFIX = 'probability_';

export type PredictFileOptions = {
  version: ModelVersion;
  input: string;
  output: string;
  /** Rows predicted per call of the model; bounds memory for any file size. */
  chunkRows?: number;
  /** Folder whose git state is recorded as the prediction code (default: the process's). */
  cwd?: string;
  onProgress?: (progress: { step: 'predict'; current: number; total: number }) => void;
};

const DEFAULT_CHUNK_ROWS = 10_000;

/**
 * Scores a CSV with a registered version: the input's columns plus `prediction`, one
 * `probability_<class>` column per class for classification, and `model_version`. The output
 * is written under a temporary name and renamed, so a malformed row (reported with its line)
 * leaves no partial file behind. The run is recorded in the `predictions` lineage table.
 */
export async function predictFile(
  workspace: Workspace,
  options: PredictFileOptions,
): Promise<PredictionRecord> {
  const input = resolve(options.input);
  const output = resolve(options.output);
  if (input === output) {
    throw new PodiumError('USAGE', `--output must differ from --input (${input})`, { input, output });
  }
  const inputStat = await stat(input).catch(() => null);
  if (!inputStat?.isFile()) {
    throw new PodiumError('NOT_FOUND', `Input file ${input} does not exist`, { file: input });
  }
  const { version } = options;
  await verifyPackage(version.packagePath, version.packageSha256);
  const predictor = await loadPredictor(version.packagePath);
  const code = await codeVersion(options.cwd ?? process.cwd());
  await mkdir(dirname(output), { recursive: true });
  const temp = tempPathFor(output);
  let written: { rows: number; sha256: string };
  let inputSha256: string;
  try {
    [inputSha256, written] = await Promise.all([
      sha256File(input),
      writePredictions(predictor, {
        input,
        temp,
        label: `${version.modelName}:v${version.version}`,
        chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
        totalBytes: inputStat.size,
        onProgress: options.onProgress,
      }),
    ]);
    await rename(temp, output);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    predictor.dispose();
  }
  const record: PredictionRecord = {
    id: `pred-${randomBytes(6).toString('hex')}`,
    versionId: version.id,
    modelName: version.modelName,
    version: version.version,
    inputPath: input,
    inputSha256,
    outputPath: output,
    outputSha256: written.sha256,
    rowCount: written.rows,
    code,
    libraryVersions: libraryVersions(),
    backend: predictor.backend,
    createdAt: workspace.clock.now().toISOString(),
  };
  insertPrediction(workspace.db, record);
  workspace.logger.info(
    { prediction: record.id, model: version.modelName, version: version.version, rows: record.rowCount },
    'batch prediction written',
  );
  return record;
}

type WriteInput = {
  input: string;
  temp: string;
  label: string;
  chunkRows: number;
  totalBytes: number;
  onProgress: PredictFileOptions['onProgress'];
};

async function writePredictions(
  predictor: Predictor,
  options: WriteInput,
): Promise<{ rows: number; sha256: string }> {
  const columns = predictor.preprocessing.columns;
  const classes = predictor.task === 'number' ? [] : (predictor.signature.output.classes ?? []);
  const stringifier = stringify();
  const hash = createHash('sha256');
  // The output is hashed as it is written, so it is never read back.
  stringifier.on('data', (chunk: Buffer) => hash.update(chunk));
  const written = pipeline(stringifier, createWriteStream(options.temp));
  const segmenter = new CsvSegmenter(options.input);
  const source = createReadStream(options.input, { highWaterMark: 1 << 20 });
  let header: string[] | null = null;
  let inputIndex: number[] = [];
  let pending: string[][] = [];
  let rows = 0;
  let bytesRead = 0;

  const drained = () => new Promise((done) => stringifier.once('drain', done));
  const write = async (record: string[]): Promise<void> => {
    if (!stringifier.write(record)) await drained();
  };
  const startOutput = async (found: string[]): Promise<void> => {
    const missing = columns.filter((column) => !found.includes(column.name)).map((column) => column.name);
    if (missing.length > 0) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that ${options.label} needs`,
        { file: options.input, line: segmenter.headerLine, missing },
      );
    }
    const added = [
      PREDICTION_COLUMN,
      ...classes.map((c) => `${PROBABILITY_PREFIX}${c}`),
      MODEL_VERSION_COLUMN,
    ];
    const clash = added.find((name) => found.includes(name));
    if (clash) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: the input already has a "${clash}" column, which the output adds`,
        { file: options.input, line: segmenter.headerLine, column: clash },
      );
    }
    inputIndex = columns.map((column) => found.indexOf(column.name));
    await write([...found, ...added]);
  };
  const predictChunk = async (chunk: string[][]): Promise<void> => {
    // Cells are read as text with the training profile, exactly as loadTable reads a snapshot.
    const builders = columns.map((column) => createColumnBuilder(column, chunk.length));
    for (const record of chunk) {
      for (let c = 0; c < builders.length; c++) builders[c].addText(record[inputIndex[c]]);
    }
    const table: Table = { rowCount: chunk.length, columns: builders.map((b) => b.build(chunk.length)) };
    const predictions = await predictor.predictTable(table);
    for (let i = 0; i < chunk.length; i++) {
      const prediction = predictions[i];
      const out = chunk[i];
      // Strings already: csv-stringify's number casting is a measurable share of a million rows.
      out.push(String(prediction.value));
      for (const name of classes) out.push(String(prediction.probabilities?.[name] ?? ''));
      out.push(options.label);
      // Awaiting only on backpressure: a promise per row costs more than the write itself.
      if (!stringifier.write(out)) await drained();
    }
    rows += chunk.length;
    options.onProgress?.({ step: 'predict', current: bytesRead, total: options.totalBytes });
  };
  const feed = async (segments: ReturnType<CsvSegmenter['push']>, last: boolean): Promise<void> => {
    if (header === null && segmenter.header !== null) {
      header = segmenter.header;
      await startOutput(header);
    }
    for (const segment of segments) {
      await parseSegment(segment, header?.length ?? 0, (record) => {
        pending.push(record);
      });
      while (pending.length >= options.chunkRows) {
        const chunk = pending.slice(0, options.chunkRows);
        pending = pending.slice(options.chunkRows);
        await predictChunk(chunk);
      }
    }
    if (last && pending.length > 0) {
      const chunk = pending;
      pending = [];
      await predictChunk(chunk);
    }
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      await feed(segmenter.push(chunk), false);
    }
    await feed(segmenter.end(), true);
    stringifier.end();
    await written;
  } catch (error) {
    source.destroy();
    stringifier.destroy();
    await written.catch(() => {});
    throw asPodiumError(error, options.input);
  }
  return { rows, sha256: hash.digest('hex') };
}

function asPodiumError(error: unknown, file: string): unknown {
  if (error instanceof CsvProblemError) {
    const { line, reason, details } = error.problem;
    return new PodiumError('CSV_INVALID', `${file}, line ${line}: ${reason}`, { file, line, ...details });
  }
  return error;
}
