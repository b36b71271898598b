import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sha256File, tempPathFor } from '../common/files.js';
import { libraryVersions } from '../common/versions.js';
import { runWorkerTask } from '../common/worker-task/index.js';
import { PodiumError } from '../contract/errors.js';
import { checkNoCsvDialect, csvToParquet, isParquetFile, withCsvOf } from '../data/parquet/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { codeVersion } from './code-version.js';
import type { PredictProgress, PredictWorkerInput, PredictWorkerOutput } from './predict-worker.js';
import { PREDICT_WORKER } from './predict-worker-url.js';
import { checkNoOutputDialect, outputColumnTypes } from './prediction-parquet.js';
import { insertPrediction, type PredictionRecord } from './prediction-store.js';
import type { WriteInput } from './write-predictions.js';

export { MODEL_VERSION_COLUMN, PREDICTION_COLUMN, PROBABILITY_PREFIX } from './prediction-columns.js';

export type PredictFileOptions = Pick<WriteInput, 'dialect' | 'outputDialect'> & {
  version: ModelVersion;
  input: string;
  output: string;
  /** Rows predicted per call of the model; bounds memory for any file size. */
  chunkRows?: number;
  /** Folder whose git state is recorded as the prediction code (default: the process's). */
  cwd?: string;
  onProgress?: (progress: PredictProgress) => void;
  /** Aborting stops the worker between chunks; the partial output is removed. */
  signal?: AbortSignal;
  /** Leave out rows the model cannot read (counted) instead of refusing the file. */
  skipBadRows?: boolean;
};

/** The recorded prediction, and the rows skipped (with skipBadRows) with the first of them. */
export type PredictFileResult = PredictionRecord & { skipped: { rows: number; examples: string[] } };

const DEFAULT_CHUNK_ROWS = 10_000;

/**
 * Scores a CSV with a registered version: the input's columns plus `prediction`, one
 * `probability_<class>` column per class for classification, and `model_version`. The scoring
 * runs in a worker thread (predict-worker.ts). The output is written under a temporary name and
 * renamed, so a malformed row (reported with its line), rows with values the model cannot read
 * (reported with their count and first lines, unless `skipBadRows` leaves them out) or a cancel
 * leave no partial file behind. The run is recorded in the `predictions` lineage table.
 */
export async function predictFile(
  workspace: Workspace,
  options: PredictFileOptions,
): Promise<PredictFileResult> {
  const input = resolve(options.input);
  const output = resolve(options.output);
  if (input === output) {
    throw new PodiumError('USAGE', `--output must differ from --input (${input})`, { input, output });
  }
  const inputStat = await stat(input).catch(() => null);
  if (!inputStat?.isFile()) {
    throw new PodiumError('NOT_FOUND', `Input file ${input} does not exist`, { file: input });
  }
  checkNoCsvDialect(input, options.dialect);
  const parquetOutput = isParquetFile(output);
  if (parquetOutput) checkNoOutputDialect(output, options.outputDialect);
  const { version } = options;
  const code = await codeVersion(options.cwd ?? process.cwd());
  await mkdir(dirname(output), { recursive: true });
  // A Parquet input is scored as the CSV it converts to; lineage keeps the Parquet file's own hash.
  const { written, inputSha256, outputSha256 } = await withCsvOf(
    input,
    workspace.paths.datasets,
    async (csv, parquet) => {
      const temp = tempPathFor(output);
      try {
        const written = await runWorkerTask<PredictWorkerInput, PredictWorkerOutput, PredictProgress>(
          PREDICT_WORKER,
          {
            packagePath: version.packagePath,
            packageSha256: version.packageSha256,
            input: csv,
            temp,
            output,
            label: `${version.modelName}:v${version.version}`,
            chunkRows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
            totalBytes: parquet === null ? inputStat.size : (await stat(csv)).size,
            skipBadRows: options.skipBadRows,
            dialect: options.dialect,
            outputDialect: parquetOutput ? { delimiter: ',', decimal: '.' } : options.outputDialect,
          },
          {
            name: 'batch prediction',
            signal: options.signal,
            onProgress: options.onProgress,
            logger: workspace.logger,
          },
        );
        if (parquetOutput) {
          await csvToParquet(temp, output, await outputColumnTypes(version, parquet), { lenient: true });
          await rm(temp, { force: true });
        } else await rename(temp, output);
        return {
          written,
          inputSha256: parquet?.sha256 ?? written.inputSha256,
          outputSha256: parquetOutput ? await sha256File(output) : written.sha256,
        };
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  );
  const record: PredictionRecord = {
    id: `pred-${randomBytes(6).toString('hex')}`,
    versionId: version.id,
    modelName: version.modelName,
    version: version.version,
    inputPath: input,
    inputSha256,
    outputPath: output,
    outputSha256,
    rowCount: written.rows,
    code,
    libraryVersions: libraryVersions(),
    backend: written.backend,
    createdAt: workspace.clock.now().toISOString(),
  };
  insertPrediction(workspace, record);
  workspace.logger.info(
    {
      prediction: record.id,
      model: version.modelName,
      version: version.version,
      rows: record.rowCount,
      skipped: written.skipped,
    },
    'batch prediction written',
  );
  return {
    ...record,
    skipped: { rows: written.skipped, examples: written.refused.map((row) => row.message) },
  };
}
