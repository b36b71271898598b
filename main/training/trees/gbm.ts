import type { EncodedMatrix, EncodedTarget, FitContext, ModelConfig } from '../types.js';
import { nextTurn, prepareTreeFit, throwIfCancelled } from './fit-common.js';
import { ForestBuilder, leafOf } from './forest.js';
import { TreeGrower } from './grow-tree.js';
import { fillGradients, initialScores, meanOutputLoss, transformScores } from './losses.js';
import { createTreeModel, type TreeModel } from './model.js';

/**
 * Histogram gradient boosting (LightGBM, scikit-learn's HistGradientBoosting): each iteration
 * fits one tree per output to the loss's gradients and hessians, leaf value −G/(H + λ) times
 * the learning rate. Early stopping watches the loss on Podium's validation split and keeps
 * the trees up to the best iteration (scikit-learn keeps the extra ones; they only add noise).
 * Reports one epoch per iteration.
 */
const TOLERANCE = 1e-7;

export async function fitGbm(
  train: { x: EncodedMatrix; y: EncodedTarget },
  validation: { x: EncodedMatrix; y: EncodedTarget },
  config: ModelConfig,
  context: FitContext,
): Promise<TreeModel> {
  const { task, settings, outputs, n, binning, trainBins, validRows, validBins } = prepareTreeFit(
    'gbm',
    train,
    validation,
    config,
    context,
  );
  const baseline = initialScores(task, train.y.values, outputs);

  const raw = new Float64Array(n * outputs);
  const validRaw = new Float64Array(validRows * outputs);
  for (let i = 0; i < raw.length; i++) raw[i] = baseline[i % outputs];
  for (let i = 0; i < validRaw.length; i++) validRaw[i] = baseline[i % outputs];
  const trainOut = new Float32Array(raw.length);
  const validOut = new Float32Array(validRaw.length);
  const gradients = new Float32Array(n);
  const hessians = new Float32Array(n);
  const rows = new Uint32Array(n);

  const builder = new ForestBuilder(1);
  const grower = new TreeGrower(trainBins, {
    outputs: 1,
    maxLeafNodes: settings.maxLeafNodes,
    maxDepth: settings.maxDepth,
    minSamplesLeaf: settings.minSamplesLeaf,
    l2: settings.l2Regularization,
    shrinkage: settings.learningRate,
    featuresPerSplit: trainBins.bins.length,
  });
  const earlyStopping = settings.nIterNoChange > 0 && validRows > 0;
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestIteration = 0;
  let iteration = 0;
  transformScores(task, raw, outputs, trainOut);
  while (iteration < settings.maxIter) {
    throwIfCancelled(context);
    iteration++;
    for (let k = 0; k < outputs; k++) {
      fillGradients(task, trainOut, train.y.values, outputs, k, gradients, hessians);
      for (let i = 0; i < n; i++) rows[i] = i;
      const root = builder.roots.length;
      const leaves = grower.grow(rows, n, gradients, hessians, builder);
      for (const leaf of leaves) {
        const value = builder.values[leaf.node];
        for (let i = leaf.start; i < leaf.end; i++) raw[rows[i] * outputs + k] += value;
      }
      const rootNode = builder.roots[root];
      for (let r = 0; r < validRows; r++) {
        validRaw[r * outputs + k] += builder.values[leafOf(builder, rootNode, validBins, r)];
      }
    }
    transformScores(task, raw, outputs, trainOut);
    transformScores(task, validRaw, outputs, validOut);
    const loss = meanOutputLoss(task, trainOut, train.y.values, outputs);
    const validationLoss =
      validRows > 0 ? meanOutputLoss(task, validOut, validation.y.values, outputs) : loss;
    context.onEpoch?.({ epoch: iteration, totalEpochs: settings.maxIter, loss, validationLoss });
    if (validationLoss < bestLoss - TOLERANCE) {
      bestLoss = validationLoss;
      bestIteration = iteration;
    } else if (earlyStopping && iteration - bestIteration >= settings.nIterNoChange) {
      break;
    }
    await nextTurn();
  }
  const kept = earlyStopping ? bestIteration : iteration;
  builder.truncate(kept * outputs);
  return createTreeModel({
    family: 'gbm',
    task,
    ...(train.y.classes ? { classes: [...train.y.classes] } : {}),
    outputs,
    baseline: Array.from(baseline),
    binning,
    forest: builder.pack(),
    numericNames: [...train.x.numericNames],
    categoricalNames: [...train.x.categoricalNames],
    iterations: kept,
    featureGains: builder.featureGains(trainBins.bins.length),
  });
}
