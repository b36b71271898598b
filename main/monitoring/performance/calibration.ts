/**
 * Probability calibration for CBPE. NannyML's CBPE turns a model's scores into expected metrics
 * and is only as right as those scores are calibrated, so it first maps each score to the rate
 * the outcome actually had at that score on labelled data (isotonic regression by default).
 * Isotonic regression is the better map with plenty of labels; Platt scaling (a logistic curve
 * on the score's logit, two parameters) overfits far less when labels are few.
 */

export type CalibrationMethod = 'isotonic' | 'platt';

export type Calibrator = {
  method: CalibrationMethod | 'none';
  /** Labelled rows it was fitted on. */
  rows: number;
  /** The scores it was fitted on, ascending: where it has seen data (for support checks). */
  support: Float64Array;
  /** P(outcome = 1 | score). */
  apply(score: number): number;
};

/** No calibration: the model's own probabilities at face value; `support` as for a fitted one. */
export function identityCalibrator(support: Float64Array = new Float64Array(0)): Calibrator {
  return { method: 'none', rows: support.length, support, apply: (score) => score };
}

/**
 * Isotonic regression by pool-adjacent-violators on scores sorted ascending, outcomes 0/1.
 * Like scikit-learn's IsotonicRegression(out_of_bounds="clip"), which NannyML uses: constant
 * inside a pooled block, linear between blocks, clipped to the end values outside the data.
 */
export function fitIsotonic(sortedScores: Float64Array, outcomes: Float64Array): Calibrator {
  const n = sortedScores.length;
  const lo: number[] = [];
  const hi: number[] = [];
  const sum: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = sortedScores[i];
    let top = lo.length - 1;
    // Equal scores must get one value, so a tie joins the block it extends.
    if (top >= 0 && hi[top] === x) {
      sum[top] += outcomes[i];
      weight[top] += 1;
    } else {
      lo.push(x);
      hi.push(x);
      sum.push(outcomes[i]);
      weight.push(1);
      top++;
    }
    while (top > 0 && sum[top - 1] / weight[top - 1] > sum[top] / weight[top]) {
      hi[top - 1] = hi[top];
      sum[top - 1] += sum[top];
      weight[top - 1] += weight[top];
      lo.pop();
      hi.pop();
      sum.pop();
      weight.pop();
      top--;
    }
  }
  const value = sum.map((s, b) => s / weight[b]);
  const apply = (score: number): number => {
    if (value.length === 0) return score;
    // First block whose upper end reaches the score.
    let left = 0;
    let right = value.length;
    while (left < right) {
      const middle = (left + right) >> 1;
      if (hi[middle] < score) left = middle + 1;
      else right = middle;
    }
    if (left === value.length) return value[value.length - 1];
    if (left === 0 || lo[left] <= score) return value[left];
    const t = (score - hi[left - 1]) / (lo[left] - hi[left - 1]);
    return value[left - 1] + t * (value[left] - value[left - 1]);
  };
  return { method: 'isotonic', rows: n, support: sortedScores, apply };
}

const LOGIT_CLIP = 1e-6;

function logit(p: number): number {
  const clipped = Math.min(Math.max(p, LOGIT_CLIP), 1 - LOGIT_CLIP);
  return Math.log(clipped / (1 - clipped));
}

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** −log σ(u), without overflow for large |u|. */
function softplusNegative(u: number): number {
  return u >= 0 ? Math.log1p(Math.exp(-u)) : -u + Math.log1p(Math.exp(u));
}

/**
 * Platt scaling, P = σ(a·logit(score) + b), fitted by Newton's method with step halving. Platt's
 * smoothed targets ((N₊+1)/(N₊+2), 1/(N₋+2)) keep a small or separable sample from pushing the
 * curve to 0 and 1. Starting at a = 1, b = 0 (the identity) makes an already calibrated model
 * converge at once.
 */
export function fitPlatt(scores: Float64Array, outcomes: Float64Array): Calibrator {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += outcomes[i];
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  const z = Float64Array.from(scores, logit);
  const target = Float64Array.from(outcomes, (y) => (y === 1 ? high : low));
  const loss = (a: number, b: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const u = a * z[i] + b;
      total += target[i] * softplusNegative(u) + (1 - target[i]) * softplusNegative(-u);
    }
    return total;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const residual = p - target[i];
      const w = p * (1 - p);
      ga += residual * z[i];
      gb += residual;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    if (Math.abs(ga) + Math.abs(gb) < 1e-10 * Math.max(1, n)) break;
    const determinant = haa * hbb - hab * hab;
    if (!(determinant > 0)) break;
    const da = (hbb * ga - hab * gb) / determinant;
    const db = (haa * gb - hab * ga) / determinant;
    let step = 1;
    let improved = false;
    while (step > 1e-8) {
      const next = loss(a - step * da, b - step * db);
      if (next < current) {
        a -= step * da;
        b -= step * db;
        current = next;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  const support = Float64Array.from(scores).sort();
  return { method: 'platt', rows: n, support, apply: (score) => sigmoid(a * logit(score) + b) };
}
