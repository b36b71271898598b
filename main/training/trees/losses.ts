import type { Task } from '../types.js';

/**
 * The boosting objectives on raw scores: squared error (number), log-loss on a logit (binary)
 * and softmax cross-entropy on one score per class (category), with the gradients and
 * hessians boosting fits trees to. Losses are reported on outputs in `predictRaw`'s space,
 * so gbm and random_forest report comparable numbers.
 */
const EPSILON = 1e-15;

/** The constant raw score(s) boosting starts from: the mean, the prior log-odds, the log priors. */
export function initialScores(task: Task, y: Float32Array, outputs: number): Float64Array {
  const scores = new Float64Array(outputs);
  const n = Math.max(1, y.length);
  if (task === 'number') {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i];
    scores[0] = sum / n;
  } else if (task === 'binary') {
    let ones = 0;
    for (let i = 0; i < y.length; i++) ones += y[i];
    const p = Math.min(1 - 1e-7, Math.max(1e-7, ones / n));
    scores[0] = Math.log(p / (1 - p));
  } else {
    const counts = new Float64Array(outputs);
    for (let i = 0; i < y.length; i++) counts[y[i]]++;
    for (let k = 0; k < outputs; k++) scores[k] = Math.log(Math.max(1e-7, counts[k] / n));
  }
  return scores;
}

/** Raw scores (rows × outputs) to `predictRaw` outputs: identity, sigmoid or softmax. */
export function transformScores(task: Task, raw: Float64Array, outputs: number, out: Float32Array): void {
  if (task === 'number') {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i];
  } else if (task === 'binary') {
    for (let i = 0; i < raw.length; i++) out[i] = 1 / (1 + Math.exp(-raw[i]));
  } else {
    const rows = raw.length / outputs;
    for (let r = 0; r < rows; r++) {
      const o = r * outputs;
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, raw[o + k]);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(raw[o + k] - max);
      for (let k = 0; k < outputs; k++) out[o + k] = Math.exp(raw[o + k] - max) / sum;
    }
  }
}

/**
 * Gradients and hessians of tree `k` of this iteration, from the current outputs
 * (`transformScores` of the raw scores). Softmax uses the diagonal hessian p(1 − p), as
 * scikit-learn does.
 */
export function fillGradients(
  task: Task,
  outputs: Float32Array,
  y: Float32Array,
  classes: number,
  k: number,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
  const n = y.length;
  if (task === 'number') {
    for (let i = 0; i < n; i++) {
      gradients[i] = outputs[i] - y[i];
      hessians[i] = 1;
    }
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = outputs[i];
      gradients[i] = p - y[i];
      hessians[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const p = outputs[i * classes + k];
      gradients[i] = p - (y[i] === k ? 1 : 0);
      hessians[i] = Math.max(p * (1 - p), 1e-16);
    }
  }
}

/** Mean loss of outputs in `predictRaw`'s space: squared error, log-loss or cross-entropy. */
export function meanOutputLoss(task: Task, outputs: Float32Array, y: Float32Array, classes: number): number {
  const n = y.length;
  if (n === 0) return 0;
  let total = 0;
  if (task === 'number') {
    for (let i = 0; i < n; i++) total += (outputs[i] - y[i]) ** 2;
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - EPSILON, Math.max(EPSILON, outputs[i]));
      total -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
  } else {
    for (let i = 0; i < n; i++) total -= Math.log(Math.max(EPSILON, outputs[i * classes + y[i]]));
  }
  return total / n;
}
