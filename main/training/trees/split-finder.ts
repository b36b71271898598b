import type { BinnedMatrix } from './binning.js';
import { MAX_BINS } from './binning.js';

/**
 * The best split of one node from its gradient histogram. A histogram holds, per feature and
 * bin, [row count, hessian sum, gradient sums (one per tree output)]. The gain of a split is
 * the drop in Σ_k G_k² / (H + λ), XGBoost's and LightGBM's second-order criterion; with
 * hessians of 1 and gradients -y it is the variance reduction a random forest uses (and, with
 * one output per class, the Gini decrease).
 */
export type Split = {
  feature: number;
  gain: number;
  /** Numeric: bins ≤ threshold go left. */
  threshold: number;
  /** Categorical: bins with a 1 go left; null for a numeric split. */
  goesLeft: Uint8Array | null;
  leftCount: number;
  leftHessian: number;
  leftGradient: Float64Array;
};

export type NodeStats = { count: number; hessian: number; gradient: Float64Array };

/** Below this hessian a side is too flat to fit a leaf value (scikit-learn's min_hessian_to_split). */
const MIN_HESSIAN = 1e-3;

export class SplitFinder {
  private readonly stride: number;
  private readonly leftGradient: Float64Array;
  private readonly order = new Int32Array(MAX_BINS);
  private readonly keys = new Float64Array(MAX_BINS);

  constructor(
    private readonly data: BinnedMatrix,
    readonly offsets: Int32Array,
    private readonly outputs: number,
    private readonly minSamplesLeaf: number,
    private readonly l2: number,
  ) {
    this.stride = 2 + outputs;
    this.leftGradient = new Float64Array(outputs);
  }

  score(gradient: ArrayLike<number>, hessian: number): number {
    let total = 0;
    for (let k = 0; k < this.outputs; k++) total += (gradient[k] * gradient[k]) / (hessian + this.l2);
    return total;
  }

  canSplit(stats: NodeStats): boolean {
    return stats.count >= 2 * this.minSamplesLeaf && stats.hessian >= 2 * MIN_HESSIAN;
  }

  /** The best split over `features[0..featureCount)`, or null when none gains anything. */
  find(hist: Float64Array, stats: NodeStats, features: Int32Array, featureCount: number): Split | null {
    const parentScore = this.score(stats.gradient, stats.hessian);
    // Gains below rounding noise would split pure nodes forever.
    let best: Split | null = null;
    let bestGain = 1e-10 * (1 + Math.abs(parentScore));
    for (let i = 0; i < featureCount; i++) {
      const f = features[i];
      const candidate =
        this.data.categorical[f] === 1 && this.outputs === 1
          ? this.scanCategorical(hist, stats, f, parentScore, bestGain)
          : this.scanOrdered(hist, stats, f, parentScore, bestGain);
      if (candidate) {
        best = candidate;
        bestGain = candidate.gain;
      }
    }
    return best;
  }

  /** Bins in index order; for a categorical feature with several outputs, index order is the order. */
  private scanOrdered(
    hist: Float64Array,
    stats: NodeStats,
    f: number,
    parentScore: number,
    floor: number,
  ): Split | null {
    const { stride, outputs, minSamplesLeaf } = this;
    const base = this.offsets[f];
    const bins = this.data.binCounts[f];
    const leftGradient = this.leftGradient.fill(0);
    let leftCount = 0;
    let leftHessian = 0;
    let bestGain = floor;
    let bestBin = -1;
    let best: Split | null = null;
    for (let b = 0; b < bins - 1; b++) {
      const o = (base + b) * stride;
      const count = hist[o];
      if (count === 0) continue;
      leftCount += count;
      leftHessian += hist[o + 1];
      for (let k = 0; k < outputs; k++) leftGradient[k] += hist[o + 2 + k];
      if (stats.count - leftCount < minSamplesLeaf) break;
      if (leftCount < minSamplesLeaf) continue;
      const rightHessian = stats.hessian - leftHessian;
      if (leftHessian < MIN_HESSIAN || rightHessian < MIN_HESSIAN) continue;
      let gain = -parentScore;
      for (let k = 0; k < outputs; k++) {
        const gl = leftGradient[k];
        const gr = stats.gradient[k] - gl;
        gain += (gl * gl) / (leftHessian + this.l2) + (gr * gr) / (rightHessian + this.l2);
      }
      if (gain > bestGain) {
        bestGain = gain;
        bestBin = b;
        best = {
          feature: f,
          gain,
          threshold: b,
          goesLeft: null,
          leftCount,
          leftHessian,
          leftGradient: Float64Array.from(leftGradient),
        };
      }
    }
    if (best && this.data.categorical[f] === 1) {
      const goesLeft = new Uint8Array(MAX_BINS);
      goesLeft.fill(1, 0, bestBin + 1);
      best.goesLeft = goesLeft;
    }
    return best;
  }

  /**
   * Categories sorted by G / (H + λ): the best split into two sets is a prefix of that order
   * (Fisher 1958), which LightGBM and scikit-learn use too.
   */
  private scanCategorical(
    hist: Float64Array,
    stats: NodeStats,
    f: number,
    parentScore: number,
    floor: number,
  ): Split | null {
    const { stride, minSamplesLeaf, order, keys } = this;
    const base = this.offsets[f];
    let present = 0;
    for (let b = 0; b < this.data.binCounts[f]; b++) {
      const o = (base + b) * stride;
      if (hist[o] === 0) continue;
      const key = hist[o + 2] / (hist[o + 1] + this.l2 + MIN_HESSIAN);
      // Insertion sort: a node rarely holds more than a few dozen categories.
      let i = present++;
      while (i > 0 && keys[i - 1] > key) {
        keys[i] = keys[i - 1];
        order[i] = order[i - 1];
        i--;
      }
      keys[i] = key;
      order[i] = b;
    }
    let leftCount = 0;
    let leftHessian = 0;
    let leftGradient = 0;
    let bestGain = floor;
    let bestPrefix = -1;
    let best: Split | null = null;
    for (let i = 0; i < present - 1; i++) {
      const o = (base + order[i]) * stride;
      leftCount += hist[o];
      leftHessian += hist[o + 1];
      leftGradient += hist[o + 2];
      if (stats.count - leftCount < minSamplesLeaf) break;
      if (leftCount < minSamplesLeaf) continue;
      const rightHessian = stats.hessian - leftHessian;
      if (leftHessian < MIN_HESSIAN || rightHessian < MIN_HESSIAN) continue;
      const gr = stats.gradient[0] - leftGradient;
      const gain =
        (leftGradient * leftGradient) / (leftHessian + this.l2) +
        (gr * gr) / (rightHessian + this.l2) -
        parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        bestPrefix = i;
        best = {
          feature: f,
          gain,
          threshold: 0,
          goesLeft: null,
          leftCount,
          leftHessian,
          leftGradient: Float64Array.of(leftGradient),
        };
      }
    }
    if (best) {
      const goesLeft = new Uint8Array(MAX_BINS);
      for (let i = 0; i <= bestPrefix; i++) goesLeft[order[i]] = 1;
      best.goesLeft = goesLeft;
    }
    return best;
  }
}
