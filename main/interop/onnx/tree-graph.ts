import { attr, type GraphBuilder } from '../../onnx-graph/index.js';
import type { TreeModelData } from '../../training/index.js';
import type { EncodedFeatures } from './feature-graph.js';

/** Podium bins a category code above 255 into bin 255 (trees/binning.ts). */
const LAST_BIN = 255;
/** Above every finite float32: a split on the last bin sends every row left. */
const FLOAT_MAX = 3.4028234663852886e38;
const DOUBLE = 11;

/**
 * A gbm or random forest as an `ai.onnx.ml` TreeEnsembleRegressor over the encoded features,
 * followed by the task's sigmoid or softmax (gbm) or nothing (a forest averages probabilities).
 * The regressor, not the classifier, carries both tasks: it yields the raw per-class sums that
 * Podium's own transform takes, and the classifier's binary-case conventions would have to be
 * undone again.
 *
 * Podium splits on bins. A numeric split "bin ≤ t" is exactly "value ≤ edges[t]", the edges
 * being float32 and the encoded value the same float32 (feature-graph.ts). A categorical split
 * "bin in set S" becomes a derived 0/1 column per split, looked up from the category code with
 * one Gather per feature, and the node tests it with BRANCH_GT 0.5: ONNX's tree ensemble
 * (ml opset 3) has no set membership. Returns the float32 `[N, outputs]` raw output.
 */
export function addTreeGraph(graph: GraphBuilder, features: EncodedFeatures, data: TreeModelData): string {
  const { forest, binning } = data;
  const numericCount = binning.edges.length;
  if (
    numericCount !== features.numericWidth ||
    binning.categoricalCardinalities.length !== features.categorical.length
  ) {
    throw new Error('The tree model’s feature layout does not match its preprocessing');
  }

  // Derived membership columns, numbered after the numeric ones, per categorical feature.
  const splitsByFeature: number[][] = features.categorical.map(() => []);
  const derivedColumn = new Map<number, number>();
  for (let node = 0; node < forest.feature.length; node++) {
    const f = forest.feature[node];
    if (f >= numericCount) splitsByFeature[f - numericCount].push(node);
  }
  const blocks: string[] = features.numeric === null ? [] : [features.numeric];
  let column = numericCount;
  splitsByFeature.forEach((nodes, c) => {
    const feature = features.categorical[c];
    // A graph needs at least one feature column even when no tree splits anywhere.
    const needed = nodes.length > 0 || (blocks.length === 0 && c === features.categorical.length - 1);
    if (!needed) return;
    const width = Math.max(1, nodes.length);
    const table = new Float32Array(feature.cardinality * width);
    for (let code = 0; code < feature.cardinality; code++) {
      const bin = Math.min(code, LAST_BIN);
      nodes.forEach((node, s) => {
        const set = forest.threshold[node];
        table[code * width + s] = (forest.catBits[set + (bin >>> 5)] >>> (bin & 31)) & 1;
      });
    }
    nodes.forEach((node, s) => {
      derivedColumn.set(node, column + s);
    });
    column += width;
    const gathered = graph.op(
      'Gather',
      [
        graph.constant(`${feature.name}_split_sets`, 'float', table, [feature.cardinality, width]),
        feature.codes,
      ],
      [attr.int('axis', 0)],
      `${feature.name}_memberships`,
    );
    blocks.push(
      graph.op(
        'Reshape',
        [gathered, graph.constant(`${feature.name}_membership_shape`, 'int64', [-1, width], [2])],
        [],
        `${feature.name}_membership_columns`,
      ),
    );
  });
  const features32 =
    blocks.length === 1 ? blocks[0] : graph.op('Concat', blocks, [attr.int('axis', 1)], 'tree_features');
  // A double input makes ONNX Runtime sum the trees in double, as Podium does; in float32 a
  // forest's tie between two classes could break the other way. The cast is exact.
  const input = graph.op('Cast', [features32], [attr.int('to', DOUBLE)], 'tree_features_double');

  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  };
  const targets = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  const trees = forest.roots.length;
  const { outputs } = data;
  for (let t = 0; t < trees; t++) {
    const root = forest.roots[t];
    const end = t + 1 < trees ? forest.roots[t + 1] : forest.feature.length;
    for (let node = root; node < end; node++) {
      const f = forest.feature[node];
      nodes.treeIds.push(t);
      nodes.nodeIds.push(node - root);
      if (f < 0) {
        nodes.featureIds.push(0);
        nodes.modes.push('LEAF');
        nodes.values.push(0);
        nodes.trueIds.push(0);
        nodes.falseIds.push(0);
        if (forest.treeOutputs === 1) {
          // Boosting: tree t adds to output t mod outputs.
          targets.treeIds.push(t);
          targets.nodeIds.push(node - root);
          targets.ids.push(t % outputs);
          targets.weights.push(forest.values[node]);
        } else {
          for (let k = 0; k < forest.treeOutputs; k++) {
            targets.treeIds.push(t);
            targets.nodeIds.push(node - root);
            targets.ids.push(k);
            targets.weights.push(forest.values[node * forest.treeOutputs + k]);
          }
        }
        continue;
      }
      nodes.trueIds.push(forest.left[node] - root);
      nodes.falseIds.push(forest.right[node] - root);
      if (f < numericCount) {
        const edges = binning.edges[f];
        const bin = forest.threshold[node];
        nodes.featureIds.push(f);
        nodes.modes.push('BRANCH_LEQ');
        nodes.values.push(bin < edges.length ? edges[bin] : FLOAT_MAX);
      } else {
        nodes.featureIds.push(derivedColumn.get(node) ?? 0);
        nodes.modes.push('BRANCH_GT');
        nodes.values.push(0.5);
      }
    }
  }
  if (trees === 0) {
    // No trees: every row gets the baseline (gbm) or 0 (an empty forest), as Podium gives.
    nodes.treeIds.push(0);
    nodes.nodeIds.push(0);
    nodes.featureIds.push(0);
    nodes.modes.push('LEAF');
    nodes.values.push(0);
    nodes.trueIds.push(0);
    nodes.falseIds.push(0);
    for (let k = 0; k < outputs; k++) {
      targets.treeIds.push(0);
      targets.nodeIds.push(0);
      targets.ids.push(k);
      targets.weights.push(0);
    }
  }

  const boosting = data.family === 'gbm';
  const sums = graph.ml(
    'TreeEnsembleRegressor',
    [input],
    [
      attr.int('n_targets', outputs),
      attr.ints('nodes_treeids', nodes.treeIds),
      attr.ints('nodes_nodeids', nodes.nodeIds),
      attr.ints('nodes_featureids', nodes.featureIds),
      attr.strings('nodes_modes', nodes.modes),
      attr.floats('nodes_values', nodes.values),
      attr.ints('nodes_truenodeids', nodes.trueIds),
      attr.ints('nodes_falsenodeids', nodes.falseIds),
      attr.ints('target_treeids', targets.treeIds),
      attr.ints('target_nodeids', targets.nodeIds),
      attr.ints('target_ids', targets.ids),
      attr.floats('target_weights', targets.weights),
      attr.string('aggregate_function', boosting ? 'SUM' : 'AVERAGE'),
      attr.string('post_transform', 'NONE'),
      ...(boosting ? [attr.floats('base_values', data.baseline)] : []),
    ],
    boosting ? 'tree_scores' : 'raw_output',
  );
  if (!boosting) return sums;
  if (data.task === 'binary') return graph.op('Sigmoid', [sums], [], 'raw_output');
  if (data.task === 'category') return graph.op('Softmax', [sums], [attr.int('axis', 1)], 'raw_output');
  return sums;
}
