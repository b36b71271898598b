import { performance } from 'node:perf_hooks';
import { PodiumError } from '../contract/errors.js';
import type { DatasetProfile, Table } from '../data/types.js';
import { encode, fitPreprocessing, inputSignature, rowsWithValue } from '../features/index.js';
import { scoreEncoded } from './evaluate.js';
import { familyFor } from './families.js';
import { validateModelConfig } from './model-config.js';
import { writePackageFiles } from './package-dir.js';
import { splitRows } from './split.js';
import type { EncodedTarget, EpochReport, ModelConfig, TrainingProgress, TrainingResult } from './types.js';

export type TrainingHooks = {
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
};

/**
 * One training run on a table already in memory: split, fit preprocessing on the training
 * rows, fit the family, score every split, write the package files into `outDir` (an empty
 * folder the caller renames into place). The worker and `trainInProcess` both run this.
 */
export async function runTraining(
  table: Table,
  request: { config: ModelConfig; profile?: DatasetProfile },
  outDir: string,
  hooks: TrainingHooks = {},
): Promise<TrainingResult> {
  const started = performance.now();
  const { onProgress, signal } = hooks;
  const checkCancelled = () => {
    if (signal?.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
  };
  // Requests cross a worker boundary as plain data: validate again and fill defaults.
  const config = validateModelConfig(request.config, '(training request)');
  const targetName = config.output_features[0].name;

  onProgress?.({ step: 'preprocessing', current: 0, total: 1 });
  const split = splitRows(table, config.preprocessing.split, config.seed);
  const trainRows = rowsWithValue(table, targetName, split.train);
  const validationRows = rowsWithValue(table, targetName, split.validation);
  const testRows = rowsWithValue(table, targetName, split.test);
  if (trainRows.length < 2) {
    throw new PodiumError(
      'DATA_INVALID',
      `The training split has ${trainRows.length} rows with a value for "${targetName}"; at least 2 are needed`,
      { field: targetName, rows: table.rowCount },
    );
  }
  const pre = fitPreprocessing(table, config, trainRows, request.profile);
  const train = encode(pre, table, trainRows);
  const validation = encode(pre, table, validationRows);
  const test = encode(pre, table, testRows);
  checkCancelled();

  // A validation label the training rows never showed cannot be scored by a loss; leave it out.
  const fitValidation =
    validation.y && hasUnknownClass(validation.y)
      ? encode(pre, table, knownRows(validationRows, validation.y.values))
      : validation;
  onProgress?.({ step: 'fitting', current: 0, total: 1 });
  const family = await familyFor(config.model_type);
  const history: TrainingResult['history'] = [];
  const fitStarted = performance.now();
  let totalEpochs = config.trainer.epochs;
  const model = await family.fit(
    { x: train.x, y: required(train.y) },
    { x: fitValidation.x, y: required(fitValidation.y) },
    config,
    {
      seed: config.seed,
      signal,
      onEpoch: (report: EpochReport) => {
        totalEpochs = report.totalEpochs;
        history.push({ epoch: report.epoch, loss: report.loss, validationLoss: report.validationLoss });
        const perEpoch = (performance.now() - fitStarted) / 1000 / report.epoch;
        onProgress?.({
          step: 'epoch',
          current: report.epoch,
          total: report.totalEpochs,
          loss: report.loss,
          validationLoss: report.validationLoss,
          secondsLeft: perEpoch * (report.totalEpochs - report.epoch),
        });
      },
    },
  );
  try {
    checkCancelled();
    onProgress?.({ step: 'evaluating', current: 0, total: 1 });
    const trainScore = await scoreEncoded(pre, model, train);
    const validationScore = await scoreEncoded(pre, model, validation);
    const testScore = await scoreEncoded(pre, model, test);
    checkCancelled();

    onProgress?.({ step: 'saving', current: 0, total: 1 });
    await writePackageFiles(outDir, model, pre);
    const last = history.at(-1);
    const result: TrainingResult = {
      task: pre.target.task,
      metrics: { train: trainScore.values, validation: validationScore.values, test: testScore.values },
      history,
      backend: model.backend,
      family: model.family,
      splitSizes: { train: trainRows.length, validation: validationRows.length, test: testRows.length },
      seconds: (performance.now() - started) / 1000,
      stoppedEarly: last !== undefined && last.epoch < totalEpochs,
      signature: inputSignature(pre),
      features: [...train.x.numericNames, ...train.x.categoricalNames],
    };
    if (pre.selection) result.featureSelection = pre.selection;
    if (testScore.confusion_matrix) result.confusionMatrix = testScore.confusion_matrix;
    return result;
  } finally {
    model.dispose();
  }
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new PodiumError('INTERNAL', 'The encoded rows lack their target');
  return value;
}

/**
 * -1 marks a class the training rows never showed; only classification targets have classes
 * (a regression target is z-scored, so half its values are negative and none is unknown).
 */
function hasUnknownClass(target: EncodedTarget): boolean {
  return target.task !== 'number' && target.values.some((value) => value < 0);
}

function knownRows(rows: Uint32Array, values: Float32Array): Uint32Array {
  return rows.filter((_, i) => values[i] >= 0);
}
