import { PodiumError } from '../../contract/errors.js';

/**
 * OWL-QN (Andrew & Gao, 2007): limited-memory BFGS on a smooth objective plus l1·‖w‖₁ over the
 * penalised coordinates. With l1 = 0 it is plain L-BFGS with a backtracking Armijo search.
 * Full-batch and free of randomness, so the same data gives the same weights bit for bit, and
 * the L1 term produces exact zeros rather than small numbers.
 */
export type MinimizeOptions = {
  l1: number;
  /** 1 where the L1 penalty applies (weights), 0 where not (intercepts). */
  penalized: Uint8Array;
  maxIterations?: number;
  /** Stop when the largest pseudo-gradient component falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration improves the objective by less than this, relatively. */
  relativeTolerance?: number;
  memory?: number;
  signal?: AbortSignal;
};

export type MinimizeResult = { x: Float64Array; value: number; iterations: number; converged: boolean };

export async function minimize(
  evaluate: (x: Float64Array, gradient: Float64Array) => number,
  start: Float64Array,
  options: MinimizeOptions,
): Promise<MinimizeResult> {
  const { l1, penalized, signal } = options;
  const maxIterations = options.maxIterations ?? 1000;
  const gradientTolerance = options.gradientTolerance ?? 1e-7;
  const relativeTolerance = options.relativeTolerance ?? 1e-13;
  const memory = options.memory ?? 10;
  const size = start.length;

  let x = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = evaluate(x, gradient) + l1Norm(x, l1, penalized);
  let pseudo = pseudoGradient(x, gradient, l1, penalized);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  const direction = new Float64Array(size);
  const candidate = new Float64Array(size);
  const candidateGradient = new Float64Array(size);
  const alpha = new Float64Array(memory);
  let converged = false;
  let iteration = 0;

  for (; iteration < maxIterations; iteration++) {
    if (iteration % 8 === 0) await checkpoint(signal);
    if (maxAbs(pseudo) <= gradientTolerance) {
      converged = true;
      break;
    }
    twoLoop(pseudo, history, direction, alpha);
    if (l1 > 0) {
      // Keep only components that descend along the pseudo-gradient (OWL-QN's alignment step).
      for (let i = 0; i < size; i++) if (penalized[i] && direction[i] * pseudo[i] >= 0) direction[i] = 0;
    }
    let slope = dot(direction, pseudo);
    if (!(slope < 0)) {
      // The quasi-Newton model went stale: restart from steepest descent.
      history.length = 0;
      for (let i = 0; i < size; i++) direction[i] = -pseudo[i];
      slope = dot(direction, pseudo);
    }

    let step = history.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(pseudo, pseudo))) : 1;
    let candidateValue = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < size; i++) {
        let next = x[i] + step * direction[i];
        if (l1 > 0 && penalized[i]) {
          // Project onto the orthant chosen by x (or by the pseudo-gradient where x is 0).
          const orthant = x[i] !== 0 ? Math.sign(x[i]) : -Math.sign(pseudo[i]);
          if (Math.sign(next) !== orthant) next = 0;
        }
        candidate[i] = next;
      }
      candidateValue = evaluate(candidate, candidateGradient) + l1Norm(candidate, l1, penalized);
      let decrease = 0;
      for (let i = 0; i < size; i++) decrease += pseudo[i] * (candidate[i] - x[i]);
      if (candidateValue <= value + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) {
      // No step improves the objective any more: as close to the optimum as float64 allows.
      converged = true;
      break;
    }

    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = candidate[i] - x[i];
      y[i] = candidateGradient[i] - gradient[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (history.length === memory) history.shift();
      history.push({ s, y, rho: 1 / sy });
    }
    const previous = value;
    x = Float64Array.from(candidate);
    gradient = Float64Array.from(candidateGradient);
    value = candidateValue;
    pseudo = pseudoGradient(x, gradient, l1, penalized);
    if (previous - value <= relativeTolerance * Math.max(1, Math.abs(value), Math.abs(previous))) {
      converged = true;
      iteration++;
      break;
    }
  }
  return { x, value, iterations: iteration, converged };
}

/** Direction = −H·g from the stored curvature pairs (Nocedal's two-loop recursion). */
function twoLoop(
  g: Float64Array,
  history: readonly { s: Float64Array; y: Float64Array; rho: number }[],
  out: Float64Array,
  alpha: Float64Array,
): void {
  out.set(g);
  for (let m = history.length - 1; m >= 0; m--) {
    const { s, y, rho } = history[m];
    alpha[m] = rho * dot(s, out);
    for (let i = 0; i < out.length; i++) out[i] -= alpha[m] * y[i];
  }
  if (history.length > 0) {
    const last = history[history.length - 1];
    const gamma = dot(last.s, last.y) / dot(last.y, last.y);
    for (let i = 0; i < out.length; i++) out[i] *= gamma;
  }
  for (let m = 0; m < history.length; m++) {
    const { s, y, rho } = history[m];
    const beta = rho * dot(y, out);
    for (let i = 0; i < out.length; i++) out[i] += s[i] * (alpha[m] - beta);
  }
  for (let i = 0; i < out.length; i++) out[i] = -out[i];
}

/** The minimum-norm subgradient of smooth + l1·|x| (the gradient itself where l1 = 0). */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: number, penalized: Uint8Array): Float64Array {
  const out = Float64Array.from(g);
  if (l1 === 0) return out;
  for (let i = 0; i < x.length; i++) {
    if (!penalized[i]) continue;
    if (x[i] > 0) out[i] = g[i] + l1;
    else if (x[i] < 0) out[i] = g[i] - l1;
    else if (g[i] + l1 < 0) out[i] = g[i] + l1;
    else if (g[i] - l1 > 0) out[i] = g[i] - l1;
    else out[i] = 0;
  }
  return out;
}

function l1Norm(x: Float64Array, l1: number, penalized: Uint8Array): number {
  if (l1 === 0) return 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (penalized[i]) sum += Math.abs(x[i]);
  return l1 * sum;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/** Lets a cancel message reach the worker's event loop, then honours it. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
}
