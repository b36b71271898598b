import type { BinnedMatrix } from './binning.js';

/**
 * Trees of an ensemble packed into flat typed arrays (one node table for all trees), so
 * prediction allocates nothing per row and saving is a few buffer writes. A split node sends
 * a row left when its bin is ≤ `threshold` (numeric) or when its bin's bit is set in the
 * 256-bit set at `catBits[threshold]` (categorical). Leaves have `feature` -1 and
 * `treeOutputs` values each.
 */
export type Forest = {
  treeOutputs: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Int32Array;
  left: Int32Array;
  right: Int32Array;
  values: Float32Array;
  catBits: Uint32Array;
};

export const CAT_WORDS = 8;

/** Appends nodes while trees grow; `pack` freezes them into a Forest. */
export class ForestBuilder {
  readonly roots: number[] = [];
  readonly feature: number[] = [];
  readonly threshold: number[] = [];
  readonly left: number[] = [];
  readonly right: number[] = [];
  readonly values: number[] = [];
  readonly catBits: number[] = [];
  /** Per node, the loss reduction of its split (0 for a leaf): for gain importances, never saved. */
  readonly gains: number[] = [];
  private readonly catStarts: number[] = [];

  constructor(readonly treeOutputs: number) {}

  addNode(): number {
    const id = this.feature.length;
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.gains.push(0);
    for (let k = 0; k < this.treeOutputs; k++) this.values.push(0);
    return id;
  }

  setNumericSplit(node: number, feature: number, bin: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = bin;
    this.left[node] = left;
    this.right[node] = right;
  }

  setCategoricalSplit(
    node: number,
    feature: number,
    goesLeft: Uint8Array,
    left: number,
    right: number,
  ): void {
    const offset = this.catBits.length;
    for (let w = 0; w < CAT_WORDS; w++) {
      let word = 0;
      for (let bit = 0; bit < 32; bit++) if (goesLeft[w * 32 + bit]) word |= 1 << bit;
      this.catBits.push(word >>> 0);
    }
    this.setNumericSplit(node, feature, offset, left, right);
  }

  setLeaf(node: number, values: ArrayLike<number>): void {
    for (let k = 0; k < this.treeOutputs; k++) this.values[node * this.treeOutputs + k] = values[k];
  }

  /** Starts a tree: its root is the next node added. */
  startTree(): number {
    this.roots.push(this.feature.length);
    this.catStarts.push(this.catBits.length);
    return this.addNode();
  }

  /** Drops trees from `keep` on (their nodes and sets are always the last ones). */
  truncate(keep: number): void {
    if (keep >= this.roots.length) return;
    const firstNode = this.roots[keep];
    const catStart = this.catStarts[keep];
    this.roots.length = keep;
    this.catStarts.length = keep;
    for (const list of [this.feature, this.threshold, this.left, this.right, this.gains])
      list.length = firstNode;
    this.values.length = firstNode * this.treeOutputs;
    this.catBits.length = catStart;
  }

  /**
   * Gain importance (LightGBM's `importance_type="gain"`): each feature's split gains summed over
   * the trees kept, indexed as the binned features are (numeric first, then categorical).
   */
  featureGains(features: number): number[] {
    const totals = new Array<number>(features).fill(0);
    for (let node = 0; node < this.feature.length; node++) {
      const f = this.feature[node];
      if (f >= 0) totals[f] += this.gains[node];
    }
    return totals;
  }

  pack(): Forest {
    return {
      treeOutputs: this.treeOutputs,
      roots: Int32Array.from(this.roots),
      feature: Int32Array.from(this.feature),
      threshold: Int32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      values: Float32Array.from(this.values),
      catBits: Uint32Array.from(this.catBits),
    };
  }
}

/** The leaf a row of a binned matrix reaches in one tree. */
export type NodeTable = {
  feature: ArrayLike<number>;
  threshold: ArrayLike<number>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  catBits: ArrayLike<number>;
};

export function leafOf(forest: NodeTable, root: number, data: BinnedMatrix, row: number): number {
  const { feature, threshold, left, right, catBits } = forest;
  const categorical = data.categorical;
  let node = root;
  for (;;) {
    const f = feature[node];
    if (f < 0) return node;
    const bin = data.bins[f][row];
    const t = threshold[node];
    const goLeft = categorical[f] === 1 ? (catBits[t + (bin >>> 5)] >>> (bin & 31)) & 1 : bin <= t ? 1 : 0;
    node = goLeft === 1 ? left[node] : right[node];
  }
}
