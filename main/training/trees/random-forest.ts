import { createRandom } from '../../common/random.js';
import type { EncodedMatrix, EncodedTarget, FitContext, ModelConfig } from '../types.js';
import type { binMatrix } from './binning.js';
import { nextTurn, prepareTreeFit, throwIfCancelled } from './fit-common.js';
import { ForestBuilder, leafOf } from './forest.js';
import { TreeGrower } from './grow-tree.js';
import { meanOutputLoss } from './losses.js';
import { createTreeModel, type TreeModel } from './model.js';

/**
 * A random forest on the boosting trees' histogram machinery: each tree grows on a bootstrap
 * sample with gradients −y (−one-hot for a category) and hessians 1, so a split's gain is the
 * variance (Gini) reduction and a leaf's value its mean (class frequencies). Each split tries
 * a random subset of the features: √features for classification, all of them for regression
 * (scikit-learn's defaults). Reports one epoch per tree.
 */
export async function fitRandomForest(
  train: { x: EncodedMatrix; y: EncodedTarget },
  validation: { x: EncodedMatrix; y: EncodedTarget },
  config: ModelConfig,
  context: FitContext,
): Promise<TreeModel> {
  const { task, settings, outputs, n, binning, trainBins, validRows, validBins } = prepareTreeFit(
    'random_forest',
    train,
    validation,
    config,
    context,
  );

  const y = train.y.values;
  const gradients = new Float32Array(n * outputs);
  for (let i = 0; i < n; i++) {
    if (task === 'category') gradients[i * outputs + y[i]] = -1;
    else gradients[i] = -y[i];
  }
  const hessians = new Float32Array(n).fill(1);
  const random = createRandom(context.seed);
  const builder = new ForestBuilder(outputs);
  const grower = new TreeGrower(trainBins, {
    outputs,
    maxLeafNodes: settings.maxLeafNodes,
    maxDepth: settings.maxDepth,
    minSamplesLeaf: settings.minSamplesLeaf,
    l2: 0,
    shrinkage: 1,
    featuresPerSplit: settings.featuresPerSplit(trainBins.bins.length),
    random,
  });
  const rows = new Uint32Array(n);
  const trainSum = new Float64Array(n * outputs);
  const validSum = new Float64Array(validRows * outputs);
  const trainOut = new Float32Array(trainSum.length);
  const validOut = new Float32Array(validSum.length);
  for (let t = 1; t <= settings.nEstimators; t++) {
    throwIfCancelled(context);
    for (let i = 0; i < n; i++) rows[i] = random.int(n);
    const root = builder.roots.length;
    grower.grow(rows, n, gradients, hessians, builder);
    const rootNode = builder.roots[root];
    addTree(builder, rootNode, trainBins, trainSum, outputs);
    addTree(builder, rootNode, validBins, validSum, outputs);
    for (let i = 0; i < trainSum.length; i++) trainOut[i] = trainSum[i] / t;
    for (let i = 0; i < validSum.length; i++) validOut[i] = validSum[i] / t;
    const loss = meanOutputLoss(task, trainOut, y, outputs);
    const validationLoss =
      validRows > 0 ? meanOutputLoss(task, validOut, validation.y.values, outputs) : loss;
    context.onEpoch?.({ epoch: t, totalEpochs: settings.nEstimators, loss, validationLoss });
    await nextTurn();
  }
  return createTreeModel({
    family: 'random_forest',
    task,
    ...(train.y.classes ? { classes: [...train.y.classes] } : {}),
    outputs,
    baseline: [],
    binning,
    forest: builder.pack(),
    numericNames: [...train.x.numericNames],
    categoricalNames: [...train.x.categoricalNames],
    iterations: settings.nEstimators,
  });
}

function addTree(
  builder: ForestBuilder,
  root: number,
  data: ReturnType<typeof binMatrix>,
  sum: Float64Array,
  outputs: number,
): void {
  for (let r = 0; r < data.rows; r++) {
    const leaf = leafOf(builder, root, data, r) * outputs;
    for (let k = 0; k < outputs; k++) sum[r * outputs + k] += builder.values[leaf + k];
  }
}
