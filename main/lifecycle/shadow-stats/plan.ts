import { normalQuantile } from '../../common/statistics/normal.js';
import type { ShadowPlan } from '../../contract/index.js';
import { checkAlpha, mixtureRho, pairsForRadius } from './confidence-sequence.js';
import {
  binaryPairModel,
  DEFAULT_BINARY_CORRELATION,
  DEFAULT_NUMBER_CORRELATION,
  numberPairModel,
  type ShadowTask,
} from './pair-model.js';
import { usage } from './usage.js';

/**
 * How many labelled pairs (and days) a shadow test needs, before it starts.
 *
 * Fixed horizon: the one-sided paired z-test of H0: μ ≤ m at level α with power 1 − β at μ = δ
 * needs n = ((z_{1−α} + z_{1−β}) σ / (δ − m))² pairs (the normal approximation to the paired t-test,
 * e.g. Chow, Shao & Wang, "Sample Size Calculations in Clinical Research", §3.1).
 *
 * Sequential: the confidence-sequence test stops once the bound clears the margin. If the running
 * mean followed its expectation δ, that happens when σ·r_N = δ − m (r_N the one-sided radius), the
 * usual "drift meets boundary" approximation to the expected stopping time (it ignores overshoot
 * and the spread of stopping times). ρ is tuned at that N itself by a short fixed-point iteration,
 * and the result is the n* to hand to `shadowVerdict`.
 */

export type ShadowPlanInput = {
  task: ShadowTask;
  /** binary: the champion's accuracy; number: the champion's mean absolute error. */
  baseline: number;
  /** binary: absolute accuracy gain (0.02 = two points); number: relative MAE reduction (0.05 = 5%). */
  minEffect: number;
  /** One-sided significance; default 0.05. */
  alpha?: number;
  /** Power of the fixed-horizon test at minEffect; default 0.8. */
  power?: number;
  /** Labelled pairs per day; when given, durations are reported in days. */
  pairsPerDay?: number;
  /** Standard deviation of d in its own units (accuracy, or MAE units); default from the pair model. */
  sd?: number;
  /** Promotion margin in the units of minEffect; default 0. */
  margin?: number;
  /** binary: phi of the two models' correctness (default 0.5); number: residual correlation (0.8). */
  correlation?: number;
  /** Burn-in of the sequential test; default 2. */
  minSamples?: number;
};

export type { ShadowPlan };

/** Fixed-horizon pairs for a one-sided paired z-test of μ ≤ margin at μ = effect. */
export function fixedHorizonPairs(input: {
  effect: number;
  margin: number;
  sd: number;
  alpha: number;
  power: number;
}): number {
  const gap = input.effect - input.margin;
  if (!(gap > 0)) return Number.POSITIVE_INFINITY;
  const z = normalQuantile(1 - input.alpha) + normalQuantile(input.power);
  return Math.max(2, Math.ceil(((z * input.sd) / gap) ** 2));
}

/** Drift-meets-boundary pairs for the sequential test, with ρ tuned at its own answer. */
export function sequentialPairs(input: {
  effect: number;
  margin: number;
  sd: number;
  alpha: number;
  start: number;
}): {
  pairs: number;
  nStar: number;
} {
  const gap = input.effect - input.margin;
  if (!(gap > 0)) return { pairs: Number.POSITIVE_INFINITY, nStar: Math.max(2, input.start) };
  let nStar = Math.max(2, input.start);
  let pairs = nStar;
  for (let i = 0; i < 5; i++) {
    pairs = pairsForRadius(gap, input.sd, mixtureRho(nStar, input.alpha, 1), input.alpha);
    if (!Number.isFinite(pairs) || Math.abs(pairs - nStar) <= 1) break;
    nStar = pairs;
  }
  return { pairs, nStar: Number.isFinite(pairs) ? Math.max(2, pairs) : nStar };
}

export function planShadowTest(input: ShadowPlanInput): ShadowPlan {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  checkAlpha(alpha);
  if (!(power > alpha && power < 1)) throw usage('power must be in (alpha, 1)', { power });
  if (input.pairsPerDay !== undefined && !(input.pairsPerDay > 0)) {
    throw usage('pairsPerDay must be > 0', { pairsPerDay: input.pairsPerDay });
  }
  if (input.sd !== undefined && !(input.sd > 0)) throw usage('sd must be > 0', { sd: input.sd });
  const marginInput = input.margin ?? 0;
  if (!(input.minEffect > marginInput) || !(marginInput >= 0)) {
    throw usage('minEffect must exceed the margin (and the margin be ≥ 0)', {
      minEffect: input.minEffect,
      margin: marginInput,
    });
  }
  const assumptions: string[] = [];
  let effect: number;
  let margin: number;
  let modelSd: number;
  if (input.task === 'binary') {
    const correlation = input.correlation ?? DEFAULT_BINARY_CORRELATION;
    effect = input.minEffect;
    margin = marginInput;
    const model = binaryPairModel(input.baseline, effect, correlation);
    modelSd = model.sd;
    assumptions.push(
      `d = 1[champion wrong] − 1[challenger wrong]; champion accuracy ${input.baseline}, challenger ${input.baseline + effect}`,
      `correctness correlation (phi) ${correlation}: ${(100 * model.discordance).toFixed(1)}% discordant pairs, sd(d) = √(discordance − gain²)`,
    );
  } else {
    const correlation = input.correlation ?? DEFAULT_NUMBER_CORRELATION;
    effect = input.minEffect * input.baseline;
    margin = marginInput * input.baseline;
    modelSd = numberPairModel(input.baseline, effect, correlation).sd;
    assumptions.push(
      `d = |champion error| − |challenger error|; champion MAE ${input.baseline}, reduction ${effect} (${100 * input.minEffect}%)`,
      `normal residuals with correlation ${correlation}: sd(d) = ${(modelSd / input.baseline).toFixed(3)} × MAE`,
    );
  }
  const sd = input.sd ?? modelSd;
  if (input.sd !== undefined) assumptions.push(`sd(d) given: ${input.sd}`);
  const fixed = fixedHorizonPairs({ effect, margin, sd, alpha, power });
  const start = input.minSamples ?? 2;
  const sequential = sequentialPairs({ effect, margin, sd, alpha, start: fixed });
  const pairs = Math.max(sequential.pairs, start);
  if (!Number.isFinite(fixed) || !Number.isFinite(pairs)) {
    // An effect that vanishes against its spread (or in floating point, with a tiny baseline):
    // no number of pairs detects it, and JSON has no Infinity to say so.
    throw usage(
      `no finite number of pairs detects an effect of ${effect} with sd ${sd}: raise minEffect or check the baseline`,
      { minEffect: input.minEffect, baseline: input.baseline },
    );
  }
  const perDay = input.pairsPerDay;
  return {
    task: input.task,
    effect,
    margin,
    sd,
    fixedHorizonPairs: fixed,
    sequentialPairs: pairs,
    nStar: sequential.nStar,
    fixedHorizonDays: perDay === undefined ? null : fixed / perDay,
    sequentialDays: perDay === undefined ? null : pairs / perDay,
    assumptions,
  };
}
