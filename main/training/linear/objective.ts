import type { Task } from '../types.js';
import { accumulateGradient, computeMargins, type Design } from './design.js';

/**
 * The smooth part of the elastic-net objective, per task:
 *   (1/n) Σ loss_i + (l2 / 2) ‖w‖²      (intercepts are not penalised)
 * with loss ½(y − z)² (number, on the z-scored target), the logistic loss (binary) or the
 * softmax cross-entropy (category). The L1 term is handled by the optimiser.
 */
export type Objective = {
  outputs: number;
  /** Value of the smooth objective at `weights`; writes its gradient into `gradient`. */
  evaluate(weights: Float64Array, gradient: Float64Array): number;
};

export function outputsFor(task: Task, classCount: number): number {
  return task === 'category' ? classCount : 1;
}

export function createObjective(
  design: Design,
  task: Task,
  targets: Float32Array,
  classCount: number,
  l2: number,
): Objective {
  const outputs = outputsFor(task, classCount);
  const n = design.rows;
  const margins = new Float64Array(n * outputs);
  const residuals = new Float64Array(n * outputs);
  return {
    outputs,
    evaluate(weights, gradient) {
      computeMargins(design, weights, outputs, margins);
      const loss = residualsAndLoss(task, margins, targets, outputs, residuals);
      gradient.fill(0);
      accumulateGradient(design, residuals, outputs, gradient);
      let penalty = 0;
      for (let index = 0; index < gradient.length; index++) {
        gradient[index] /= n;
        if (index % design.blockSize !== 0) {
          gradient[index] += l2 * weights[index];
          penalty += weights[index] * weights[index];
        }
      }
      return loss / n + (l2 / 2) * penalty;
    },
  };
}

/** Fills dLoss/dMargin per row and output; returns the summed loss. */
export function residualsAndLoss(
  task: Task,
  margins: Float64Array,
  targets: ArrayLike<number>,
  outputs: number,
  residuals: Float64Array,
): number {
  let loss = 0;
  const n = targets.length;
  if (task === 'number') {
    for (let i = 0; i < n; i++) {
      const r = margins[i] - targets[i];
      residuals[i] = r;
      loss += 0.5 * r * r;
    }
  } else if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const z = margins[i];
      const y = targets[i];
      residuals[i] = sigmoid(z) - y;
      loss += softplus(z) - y * z;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const base = i * outputs;
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, margins[base + k]);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(margins[base + k] - max);
      const y = targets[i];
      for (let k = 0; k < outputs; k++) {
        residuals[base + k] = Math.exp(margins[base + k] - max) / sum - (k === y ? 1 : 0);
      }
      loss += max + Math.log(sum) - margins[base + y];
    }
  }
  return loss;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Turns margins into the encoded-space output FittedModel.predictRaw returns. */
export function marginsToOutput(task: Task, margins: Float64Array, outputs: number): Float32Array {
  const out = new Float32Array(margins.length);
  if (task === 'number') out.set(margins);
  else if (task === 'binary') for (let i = 0; i < margins.length; i++) out[i] = sigmoid(margins[i]);
  else {
    for (let base = 0; base < margins.length; base += outputs) {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < outputs; k++) max = Math.max(max, margins[base + k]);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += Math.exp(margins[base + k] - max);
      for (let k = 0; k < outputs; k++) out[base + k] = Math.exp(margins[base + k] - max) / sum;
    }
  }
  return out;
}

/** Mean per-row loss as reported in training history: squared error (number) or log loss. */
export function meanLoss(
  task: Task,
  output: Float32Array,
  targets: ArrayLike<number>,
  outputs: number,
): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < targets.length; i++) {
    const y = targets[i];
    // Unknown classes (-1) and missing targets (NaN) have no loss to report.
    if (task === 'number') {
      if (Number.isNaN(y)) continue;
      sum += (output[i] - y) ** 2;
    } else {
      if (!(y >= 0 && y < Math.max(outputs, 2))) continue;
      const p = task === 'binary' ? (y === 1 ? output[i] : 1 - output[i]) : output[i * outputs + y];
      sum -= Math.log(Math.min(Math.max(p, 1e-15), 1));
    }
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}
