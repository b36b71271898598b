import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userFileSize } from '../common/files.js';
import { runWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import type { OperationOutput } from '../contract/index.js';
import { checkNoCsvDialect, type DatasetStore, withCsvOf } from '../data/index.js';
import { MODEL_CONFIG_FILE, type ModelVersion, type VersionStore } from '../registry/index.js';
import { parseModelConfig, SIGNATURE_FILE } from '../training/index.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { EstimateFileInput, EstimateFileOutput } from './estimate-file-worker.js';
import { ESTIMATE_FILE_WORKER } from './estimate-file-worker-url.js';
import type { EstimateReference, VersionToEstimate } from './performance/version-estimate.js';

type EstimateFileResult = OperationOutput<'performance.estimate'>;

/** Where a version's estimator learns: its training snapshot and the held-out rows of its own split. */
export async function estimateReferenceOf(
  datasets: DatasetStore,
  version: ModelVersion,
): Promise<EstimateReference> {
  const dataset = datasets.get(version.datasetId);
  if (!dataset) {
    throw new PodiumError(
      'NOT_FOUND',
      `Dataset ${version.datasetId} that ${version.modelName} v${version.version} was trained on is missing; its held-out rows are the estimate's reference`,
      { dataset: version.datasetId },
    );
  }
  const configFile = join(version.packagePath, MODEL_CONFIG_FILE);
  const config = parseModelConfig(await readFile(configFile, 'utf8'), configFile);
  return {
    path: dataset.path,
    profile: dataset.profile,
    dialect: dataset.dialect,
    split: config.preprocessing.split,
    seed: config.seed,
  };
}

const ASSUMPTIONS = {
  number: [
    'Direct Loss Estimation: two gradient boosted trees, fitted on the held-out rows of the split each version was trained with (rows it never trained on), learn |error| and error² from the inputs and the prediction; their means on the file estimate MAE and RMSE.',
    'It follows covariate shift (rows moving to where the model is known to err more or less) but not concept drift (the same inputs now meaning another target), which only labels reveal.',
  ],
  classifier: [
    "CBPE: the version's probabilities are calibrated on its held-out reference rows (isotonic with at least 1,000 labels, else Platt scaling) and turned into expected metrics on the file.",
    'It follows covariate shift but not concept drift (the same score meaning another chance), which only labels reveal.',
  ],
};

/**
 * `podium estimate`: the champion and every shadow of a model side by side on a file, each
 * estimated without labels by its own estimator, with realised metrics where the file holds the
 * target. The estimators are fitted at each call (seeded, so the same file gives the same
 * answer) in a worker thread; nothing is stored.
 */
export async function estimateFile(
  workspace: Workspace,
  stores: { versions: VersionStore; datasets: DatasetStore },
  input: {
    modelName: string;
    file: string;
    dialect?: CsvDialectOptions;
    attribution: boolean;
    /** The file's read, in bytes (step `read`). */
    onProgress?: (progress: TaskProgress) => void;
  },
): Promise<EstimateFileResult> {
  const { versions, datasets } = stores;
  const champion = versions.champion(input.modelName);
  if (!champion) {
    throw new PodiumError('CONFLICT', `${input.modelName} has no champion to estimate; promote one first`, {
      field: 'model',
    });
  }
  const task = versions.modelTask(input.modelName)?.task ?? 'number';
  const under = [
    { version: champion, role: 'champion' },
    ...versions.withStage(input.modelName, 'shadow').map((version) => ({ version, role: 'shadow' })),
  ];
  const toEstimate: VersionToEstimate[] = [];
  for (const { version, role } of under) {
    toEstimate.push({
      version: version.version,
      role,
      packagePath: version.packagePath,
      reference: await estimateReferenceOf(datasets, version),
    });
  }
  const signature = JSON.parse(
    await readFile(join(champion.packagePath, SIGNATURE_FILE), 'utf8'),
  ) as ModelSignature;
  const file = resolve(input.file);
  // Named before a worker starts for it.
  await userFileSize(file);
  checkNoCsvDialect(file, input.dialect);
  // A Parquet file is estimated on the CSV it converts to; errors name the Parquet file.
  const output = await withCsvOf(file, workspace.paths.datasets, (csv) =>
    runWorkerTask<EstimateFileInput, EstimateFileOutput>(
      ESTIMATE_FILE_WORKER,
      {
        file: csv,
        dialect: input.dialect,
        fallbackDateFormats: datasets.get(champion.datasetId)?.dialect.dateFormats,
        expectedNumbers: signature.inputs.filter((i) => i.type === 'number').map((i) => i.name),
        versions: toEstimate,
        attribution: input.attribution,
      },
      { name: 'performance estimate', logger: workspace.logger, onProgress: input.onProgress },
    ),
  );
  return {
    model: input.modelName,
    task,
    file,
    rows: output.rows,
    referenceRows: Object.fromEntries(output.versions.map((v) => [String(v.version), v.referenceRows])),
    metrics: output.versions.flatMap((v) =>
      v.metrics.map((metric) => ({ version: v.version, role: v.role, method: v.method, ...metric })),
    ),
    attribution: input.attribution
      ? output.versions.flatMap((v) =>
          (v.attribution ?? []).map((entry) => ({ version: v.version, ...entry })),
        )
      : null,
    outsideReference: output.versions.flatMap((v) =>
      v.outsideReference.map((entry) => ({ version: v.version, ...entry })),
    ),
    assumptions: task === 'number' ? ASSUMPTIONS.number : ASSUMPTIONS.classifier,
  };
}
