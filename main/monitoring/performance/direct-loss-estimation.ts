import { createRandom } from '../../common/random.js';
import { PodiumError } from '../../contract/errors.js';
import type { Table } from '../../data/types.js';
import { encode } from '../../features/index.js';
import type { Predictor } from '../../training/index.js';
import { fitGbm, type TreeModel } from '../../training/trees/index.js';
import type { EncodedMatrix, ModelConfig, TreeSettings } from '../../training/types.js';

/**
 * Direct Loss Estimation (after NannyML's DLE): a regression's error cannot be read off a
 * single predicted number the way CBPE reads a classifier's probabilities, but where in feature
 * space the model errs can be learnt. On reference rows the model never trained on, two gradient
 * boosted trees learn |error| and error² from the inputs and the model's own prediction; on new
 * rows without labels their means estimate the MAE and, square-rooted, the RMSE. The estimate
 * holds under covariate shift (data moving to regions where the model is known to err more or
 * less) but not under concept drift (the same inputs now meaning another target).
 */
export type LossEstimate = {
  rows: number;
  mae: number;
  rmse: number;
};

export type LossModels = {
  /** Reference rows with a target the loss models were fitted on. */
  readonly referenceRows: number;
  /** Realised on those rows: what the estimate returns when nothing moved. */
  readonly reference: LossEstimate;
  estimate(table: Table, rows?: Uint32Array): Promise<LossEstimate>;
  /** The two fitted loss models, to keep them (loss-model-cache.ts) instead of refitting. */
  readonly fitted: { absolute: TreeModel; squared: TreeModel };
};

/**
 * Small, strongly regularised trees: the reference is a held-out split (hundreds to a few
 * thousand rows) and |error| is noisy, so deep trees would learn the noise of single rows.
 */
const LOSS_TREES: TreeSettings = {
  max_iter: 300,
  learning_rate: 0.05,
  max_leaf_nodes: 15,
  min_samples_leaf: 20,
  l2_regularization: 1,
  n_iter_no_change: 20,
};
/** Share of the reference kept aside to stop the loss models' boosting early. */
const EARLY_STOPPING_SHARE = 0.25;
export const LOSS_MODEL_SEED = 20_240;
/** Fewer labelled reference rows than this cannot teach where the model errs. */
export const MIN_REFERENCE_ROWS = 50;

/** The predictor's inputs as it encodes them, with its own prediction (in target z-units) appended. */
function lossFeatures(
  predictor: Predictor,
  table: Table,
  rows: Uint32Array | undefined,
  predicted: Float64Array,
) {
  const target = predictor.preprocessing.target;
  if (target.task !== 'number') throw new PodiumError('USAGE', 'Direct loss estimation is for regressions');
  const { x } = encode(predictor.preprocessing, table, rows);
  const width = x.numericWidth + 1;
  const numeric = new Float32Array(x.rows * width);
  for (let i = 0; i < x.rows; i++) {
    numeric.set(x.numeric.subarray(i * x.numericWidth, (i + 1) * x.numericWidth), i * width);
    numeric[i * width + x.numericWidth] = (predicted[i] - target.mean) / target.std;
  }
  const features: EncodedMatrix = {
    ...x,
    numeric,
    numericWidth: width,
    numericNames: [...x.numericNames, '__prediction'],
  };
  return { features, scale: target.std };
}

function targetValues(table: Table, name: string): Float64Array {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (!column || !(column.values instanceof Float64Array)) {
    throw new PodiumError('DATA_INVALID', `The target column "${name}" is missing or not numeric`, {
      column: name,
    });
  }
  return column.values;
}

/** MAE and RMSE of `predicted` against `actual`, skipping rows without an actual value. */
export function realisedLoss(actual: ArrayLike<number>, predicted: ArrayLike<number>): LossEstimate {
  let rows = 0;
  let absolute = 0;
  let squared = 0;
  for (let i = 0; i < predicted.length; i++) {
    const error = actual[i] - predicted[i];
    if (!Number.isFinite(error)) continue;
    rows++;
    absolute += Math.abs(error);
    squared += error * error;
  }
  return rows === 0
    ? { rows, mae: Number.NaN, rmse: Number.NaN }
    : { rows, mae: absolute / rows, rmse: Math.sqrt(squared / rows) };
}

/** Only the tree settings of a model config steer fitGbm; the rest describes a user's model. */
const lossConfig = { trees: LOSS_TREES } as ModelConfig;

function subset(x: EncodedMatrix, rows: number[]): EncodedMatrix {
  const numeric = new Float32Array(rows.length * x.numericWidth);
  for (const [i, row] of rows.entries()) {
    numeric.set(x.numeric.subarray(row * x.numericWidth, (row + 1) * x.numericWidth), i * x.numericWidth);
  }
  return {
    ...x,
    rows: rows.length,
    numeric,
    categorical: x.categorical.map((codes) => Int32Array.from(rows, (row) => codes[row])),
  };
}

async function fitLoss(
  x: EncodedMatrix,
  y: Float32Array,
  train: number[],
  stop: number[],
): Promise<TreeModel> {
  const pick = (rows: number[]) => ({
    x: subset(x, rows),
    y: { task: 'number' as const, values: Float32Array.from(rows, (row) => y[row]) },
  });
  return fitGbm(pick(train), pick(stop), lossConfig, { seed: LOSS_MODEL_SEED });
}

/**
 * Fits the loss models of a regression predictor on `rows` of a labelled reference table (rows
 * without a target are left out). The reference must be data the model did not train on — its
 * held-out split — or the learnt errors are training errors, too small everywhere.
 */
export async function fitLossModels(
  predictor: Predictor,
  reference: Table,
  rows: Uint32Array,
): Promise<LossModels> {
  const target = predictor.preprocessing.target;
  if (target.task !== 'number') {
    throw new PodiumError(
      'USAGE',
      `Direct loss estimation needs a regression; this model predicts ${target.task}`,
    );
  }
  const actualAll = targetValues(reference, target.name);
  const labelled = Uint32Array.from(Array.from(rows).filter((row) => Number.isFinite(actualAll[row])));
  if (labelled.length < MIN_REFERENCE_ROWS) {
    throw new PodiumError(
      'DATA_INVALID',
      `Direct loss estimation needs at least ${MIN_REFERENCE_ROWS} held-out reference rows with a target; there are ${labelled.length}`,
      { rows: labelled.length },
    );
  }
  const predicted = (await predictor.predictColumns(reference, labelled)) as { values: Float64Array };
  const actual = Float64Array.from(labelled, (row) => actualAll[row]);
  const { features, scale } = lossFeatures(predictor, reference, labelled, predicted.values);
  // Errors in target standard deviations: float32 keeps squared sales of millions exact enough.
  const absolute = new Float32Array(labelled.length);
  const squared = new Float32Array(labelled.length);
  for (let i = 0; i < labelled.length; i++) {
    const error = (actual[i] - predicted.values[i]) / scale;
    absolute[i] = Math.abs(error);
    squared[i] = error * error;
  }
  const order = Array.from({ length: labelled.length }, (_, i) => i);
  createRandom(LOSS_MODEL_SEED).shuffle(order);
  const cut = Math.round(order.length * (1 - EARLY_STOPPING_SHARE));
  const train = order.slice(0, cut);
  const stop = order.slice(cut);
  const absoluteModel = await fitLoss(features, absolute, train, stop);
  const squaredModel = await fitLoss(features, squared, train, stop);
  return lossModelsOf(predictor, {
    absolute: absoluteModel,
    squared: squaredModel,
    referenceRows: labelled.length,
    reference: realisedLoss(actual, predicted.values),
  });
}

/** Loss models fitted now or read back from where they were kept: estimates from the two trees. */
export function lossModelsOf(
  predictor: Predictor,
  models: { absolute: TreeModel; squared: TreeModel; referenceRows: number; reference: LossEstimate },
): LossModels {
  const { absolute: absoluteModel, squared: squaredModel } = models;
  const target = predictor.preprocessing.target;
  if (target.task !== 'number') {
    throw new PodiumError(
      'USAGE',
      `Direct loss estimation needs a regression; this model predicts ${target.task}`,
    );
  }
  const scale = target.std;
  return {
    referenceRows: models.referenceRows,
    reference: models.reference,
    fitted: { absolute: absoluteModel, squared: squaredModel },
    async estimate(table, estimateRows) {
      const scored = (await predictor.predictColumns(table, estimateRows)) as { values: Float64Array };
      const n = scored.values.length;
      if (n === 0) return { rows: 0, mae: Number.NaN, rmse: Number.NaN };
      const { features: x } = lossFeatures(predictor, table, estimateRows, scored.values);
      const [abs, sq] = await Promise.all([absoluteModel.predictRaw(x), squaredModel.predictRaw(x)]);
      let sumAbs = 0;
      let sumSq = 0;
      // A tree's leaf can undershoot zero; a loss cannot.
      for (let i = 0; i < n; i++) {
        sumAbs += Math.max(0, abs[i]);
        sumSq += Math.max(0, sq[i]);
      }
      return { rows: n, mae: (sumAbs / n) * scale, rmse: Math.sqrt(sumSq / n) * scale };
    },
  };
}
