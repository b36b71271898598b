import type { Random } from '../../common/random.js';
import type { BinnedMatrix } from './binning.js';
import type { ForestBuilder } from './forest.js';
import { type NodeStats, type Split, SplitFinder } from './split-finder.js';

export type GrowOptions = {
  /** Values per leaf: 1 for boosting, the class count for a classification forest. */
  outputs: number;
  maxLeafNodes: number;
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  /** Multiplies every leaf value (the learning rate). */
  shrinkage: number;
  /** Features tried per split; below the feature count, `random` picks them per node. */
  featuresPerSplit: number;
  random?: Random;
};

/** A leaf of the last grown tree and its rows: `rows[start..end)` of the array passed to `grow`. */
export type GrownLeaf = { node: number; start: number; end: number };

type OpenNode = NodeStats & {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array | null;
  split: Split | null;
};

/**
 * Grows one histogram tree at a time, reusing its buffers between trees. With a leaf limit it
 * grows best-first (the open leaf with the largest gain splits next, as LightGBM and
 * scikit-learn do); without one, depth-first, which keeps only a path's worth of histograms.
 * Each split builds the smaller child's histogram from its rows and gets the larger child's by
 * subtracting it from the parent's (the subtraction trick), so a level costs at most half the
 * rows.
 */
export class TreeGrower {
  private readonly finder: SplitFinder;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  private readonly partitionBuffer: Uint32Array;
  private readonly orderedGradients: Float64Array;
  private readonly orderedHessians: Float64Array;
  private readonly features: Int32Array;
  private readonly goesLeft = new Uint8Array(256);

  constructor(
    private readonly data: BinnedMatrix,
    private readonly options: GrowOptions,
  ) {
    const featureCount = data.bins.length;
    const offsets = new Int32Array(featureCount);
    let total = 0;
    for (let f = 0; f < featureCount; f++) {
      offsets[f] = total;
      total += data.binCounts[f];
    }
    this.histSize = total * (2 + options.outputs);
    this.finder = new SplitFinder(data, offsets, options.outputs, options.minSamplesLeaf, options.l2);
    this.partitionBuffer = new Uint32Array(data.rows);
    this.orderedGradients = new Float64Array(data.rows * options.outputs);
    this.orderedHessians = new Float64Array(data.rows);
    this.features = Int32Array.from({ length: featureCount }, (_, f) => f);
  }

  /**
   * Grows a tree on `rows[0..rowCount)` (rows may repeat, as in a bootstrap sample; the array
   * is reordered) with per-row gradients (rows × outputs) and hessians.
   */
  grow(
    rows: Uint32Array,
    rowCount: number,
    gradients: Float32Array,
    hessians: Float32Array,
    builder: ForestBuilder,
  ): GrownLeaf[] {
    const { outputs, maxLeafNodes } = this.options;
    const root: OpenNode = {
      node: builder.startTree(),
      start: 0,
      end: rowCount,
      depth: 0,
      count: rowCount,
      hessian: 0,
      gradient: new Float64Array(outputs),
      hist: null,
      split: null,
    };
    for (let i = 0; i < rowCount; i++) {
      const r = rows[i];
      root.hessian += hessians[r];
      for (let k = 0; k < outputs; k++) root.gradient[k] += gradients[r * outputs + k];
    }
    const leaves: GrownLeaf[] = [];
    const open: OpenNode[] = [];
    const settle = (node: OpenNode) => {
      if (this.splittable(node)) {
        if (!node.hist) node.hist = this.build(rows, node.start, node.end, gradients, hessians);
        const featureCount = this.sampleFeatures();
        node.split = this.finder.find(node.hist, node, this.features, featureCount);
      }
      if (node.split) open.push(node);
      else this.finish(node, builder, leaves);
    };
    settle(root);
    let leafCount = 1;
    while (open.length > 0 && leafCount < maxLeafNodes) {
      let pick = open.length - 1;
      if (Number.isFinite(maxLeafNodes)) {
        for (let i = 0; i < open.length - 1; i++) if (open[i].split!.gain > open[pick].split!.gain) pick = i;
      }
      const parent = open[pick];
      open.splice(pick, 1);
      const [left, right] = this.splitNode(parent, rows, builder);
      leafCount++;
      const smaller = left.count <= right.count ? left : right;
      const larger = smaller === left ? right : left;
      // Deep in a tree, reading a few rows costs less than subtracting whole histograms: there
      // `settle` builds each splittable child's histogram from its rows.
      const subtract = this.splittable(larger) && larger.count * this.data.bins.length >= this.histSize;
      if (subtract) {
        smaller.hist = this.build(rows, smaller.start, smaller.end, gradients, hessians);
        const hist = parent.hist!;
        const small = smaller.hist;
        for (let i = 0; i < this.histSize; i++) hist[i] -= small[i];
        larger.hist = hist;
      } else if (parent.hist) {
        this.pool.push(parent.hist);
      }
      parent.hist = null;
      settle(left);
      settle(right);
    }
    for (const node of open) this.finish(node, builder, leaves);
    return leaves;
  }

  private splittable(node: OpenNode): boolean {
    return node.depth < this.options.maxDepth && this.finder.canSplit(node);
  }

  /** How many of `this.features` (shuffled to the front) the next split may use. */
  private sampleFeatures(): number {
    const all = this.features.length;
    const wanted = this.options.featuresPerSplit;
    const random = this.options.random;
    if (wanted >= all || !random) return all;
    const features = this.features;
    for (let i = 0; i < wanted; i++) {
      const j = i + random.int(all - i);
      const swap = features[i];
      features[i] = features[j];
      features[j] = swap;
    }
    return wanted;
  }

  private finish(node: OpenNode, builder: ForestBuilder, leaves: GrownLeaf[]): void {
    const { outputs, l2, shrinkage } = this.options;
    const values = new Float64Array(outputs);
    for (let k = 0; k < outputs; k++)
      values[k] = Math.fround((-node.gradient[k] / (node.hessian + l2)) * shrinkage);
    builder.setLeaf(node.node, values);
    leaves.push({ node: node.node, start: node.start, end: node.end });
    if (node.hist) this.pool.push(node.hist);
    node.hist = null;
  }

  private splitNode(parent: OpenNode, rows: Uint32Array, builder: ForestBuilder): [OpenNode, OpenNode] {
    const split = parent.split!;
    const goesLeft = this.goesLeft;
    if (split.goesLeft) goesLeft.set(split.goesLeft);
    else for (let b = 0; b < 256; b++) goesLeft[b] = b <= split.threshold ? 1 : 0;
    // Stable partition: left rows stay in place in order, right rows go through the buffer.
    const bins = this.data.bins[split.feature];
    const buffer = this.partitionBuffer;
    let write = parent.start;
    let rightCount = 0;
    for (let i = parent.start; i < parent.end; i++) {
      const r = rows[i];
      if (goesLeft[bins[r]] === 1) rows[write++] = r;
      else buffer[rightCount++] = r;
    }
    rows.set(buffer.subarray(0, rightCount), write);
    const leftNode = builder.addNode();
    const rightNode = builder.addNode();
    if (split.goesLeft)
      builder.setCategoricalSplit(parent.node, split.feature, goesLeft, leftNode, rightNode);
    else builder.setNumericSplit(parent.node, split.feature, split.threshold, leftNode, rightNode);
    builder.gains[parent.node] = split.gain;
    const rightGradient = new Float64Array(this.options.outputs);
    for (let k = 0; k < rightGradient.length; k++)
      rightGradient[k] = parent.gradient[k] - split.leftGradient[k];
    const depth = parent.depth + 1;
    const left: OpenNode = {
      node: leftNode,
      start: parent.start,
      end: write,
      depth,
      count: write - parent.start,
      hessian: split.leftHessian,
      gradient: split.leftGradient,
      hist: null,
      split: null,
    };
    const right: OpenNode = {
      node: rightNode,
      start: write,
      end: parent.end,
      depth,
      count: parent.end - write,
      hessian: parent.hessian - split.leftHessian,
      gradient: rightGradient,
      hist: null,
      split: null,
    };
    return [left, right];
  }

  private build(
    rows: Uint32Array,
    start: number,
    end: number,
    gradients: Float32Array,
    hessians: Float32Array,
  ): Float64Array {
    const hist = this.pool.pop() ?? new Float64Array(this.histSize);
    hist.fill(0);
    const { outputs } = this.options;
    const g = this.orderedGradients;
    const h = this.orderedHessians;
    const m = end - start;
    // Gathering the node's gradients once makes the per-feature loops read them in order.
    for (let i = 0; i < m; i++) {
      const r = rows[start + i];
      h[i] = hessians[r];
      for (let k = 0; k < outputs; k++) g[i * outputs + k] = gradients[r * outputs + k];
    }
    const offsets = this.finder.offsets;
    const stride = 2 + outputs;
    for (let f = 0; f < this.data.bins.length; f++) {
      const bins = this.data.bins[f];
      const base = offsets[f];
      if (outputs === 1) {
        for (let i = 0; i < m; i++) {
          const o = (base + bins[rows[start + i]]) * 3;
          hist[o] += 1;
          hist[o + 1] += h[i];
          hist[o + 2] += g[i];
        }
      } else {
        for (let i = 0; i < m; i++) {
          const o = (base + bins[rows[start + i]]) * stride;
          hist[o] += 1;
          hist[o + 1] += h[i];
          for (let k = 0; k < outputs; k++) hist[o + 2 + k] += g[i * outputs + k];
        }
      }
    }
    return hist;
  }
}
