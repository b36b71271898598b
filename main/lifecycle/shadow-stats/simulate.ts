import { createRandom } from '../../common/random.js';
import { binaryPairModel, numberPairModel, type ShadowTask } from './pair-model.js';
import { fixedHorizonPairs, sequentialPairs } from './plan.js';
import { usage } from './usage.js';
import { type ShadowVerdictInput, shadowFinalVerdict, shadowVerdict } from './verdict.js';

/**
 * Monte Carlo operating characteristics of the shadow-test rule: many simulated shadow tests, each
 * checked after every labelled pair through `shadowVerdict` (the production decision code), and
 * closed at `maxPairs` with `shadowFinalVerdict`.
 *
 * Units: the true mean of d is `effect × effectScale`, with `effectScale` defaulting to the margin,
 * so effect 0 is a challenger exactly as good as the champion, effect 1 sits on the promotion
 * boundary (the least favourable null: still every promotion is false) and effect 2 is better by
 * twice the margin. Pairs come from the models in pair-model.ts: correlated correctness (binary,
 * one uniform per pair) or correlated normal residuals (number, two normals per pair).
 */

export type SimulateShadowInput = {
  task: ShadowTask;
  /** True mean of d in units of effectScale. */
  effect: number;
  trials: number;
  seed: number;
  alpha?: number;
  /** Promotion margin in units of d (accuracy gain, or MAE reduction). */
  margin: number;
  minSamples: number;
  maxPairs: number;
  /** Units of `effect`, in units of d; default the margin (required when the margin is 0). */
  effectScale?: number;
  /** n* for the confidence sequence; default: planned for a true mean of margin + effectScale. */
  nStar?: number;
  /** Champion accuracy (binary, default 0.8) or MAE (number, default 1). */
  baseline?: number;
  /** Correctness phi (binary, default 0.5) or residual correlation (number, default 0.8). */
  correlation?: number;
  /** Power at which fixed_horizon_pairs is computed; default 0.8. */
  power?: number;
  method?: ShadowVerdictInput['method'];
};

export type SimulateShadowResult = {
  /** Share of trials that promoted, when the true mean is ≤ the margin; else null. */
  false_promotion_rate: number | null;
  /** Share of trials that promoted, when the true mean exceeds the margin; else null. */
  power: number | null;
  promote_rate: number;
  reject_rate: number;
  inconclusive_rate: number;
  /** Mean pairs at which a trial stopped (its decision, or maxPairs when inconclusive). */
  mean_pairs_to_decision: number;
  /** Mean pairs to promotion among the trials that promoted; null if none did. */
  mean_pairs_to_promotion: number | null;
  /** Pairs a fixed-horizon one-sided test needs for `power` at the true mean; null if ≤ margin. */
  fixed_horizon_pairs: number | null;
  true_mean: number;
  sd: number;
  n_star: number;
  trials: number;
};

function checkInput(input: SimulateShadowInput): void {
  const { trials, maxPairs, minSamples, seed } = input;
  if (!Number.isInteger(trials) || trials < 1) throw usage('trials must be a positive integer', { trials });
  if (!Number.isInteger(maxPairs) || maxPairs < minSamples)
    throw usage('maxPairs must be an integer ≥ minSamples', { maxPairs });
  if (!Number.isInteger(seed)) throw usage('seed must be an integer', { seed });
  if (!Number.isFinite(input.effect)) throw usage('effect must be finite', { effect: input.effect });
}

export function simulateShadowTests(input: SimulateShadowInput): SimulateShadowResult {
  checkInput(input);
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const { margin, maxPairs, minSamples, trials } = input;
  const scale = input.effectScale ?? margin;
  if (!(scale > 0))
    throw usage('effectScale (or the margin) must be > 0 to give effect its units', { scale });
  const trueMean = input.effect * scale;
  const binary = input.task === 'binary';
  const baseline = input.baseline ?? (binary ? 0.8 : 1);
  const binaryModel = binary ? binaryPairModel(baseline, trueMean, input.correlation) : null;
  const numberModel = binary ? null : numberPairModel(baseline, trueMean, input.correlation);
  const sd = binaryModel?.sd ?? numberModel?.sd ?? Number.NaN;
  // The test is designed without knowing the truth: n* comes from a fixed design alternative.
  const designSd = binary
    ? binaryPairModel(baseline, margin + scale, input.correlation).sd
    : numberPairModel(baseline, margin + scale, input.correlation).sd;
  const nStar =
    input.nStar ??
    sequentialPairs({ effect: margin + scale, margin, sd: designSd, alpha, start: minSamples }).nStar;

  const random = createRandom(input.seed);
  // One mutable input object for the whole run: the per-pair loop allocates nothing of its own
  // (each shadowVerdict call returns a small, short-lived result object).
  const state: ShadowVerdictInput = binary
    ? { n: 0, sum: 0, sumSquares: 0, b: 0, c: 0, margin, alpha, minSamples, nStar, method: input.method }
    : { n: 0, sum: 0, sumSquares: 0, margin, alpha, minSamples, nStar, method: input.method };
  const stopAt = new Float64Array(trials);
  const outcome = new Uint8Array(trials); // 0 inconclusive, 1 promote, 2 reject
  const pChallengerOnly = binaryModel?.challengerOnly ?? 0;
  const pDiscordant = binaryModel?.discordance ?? 0;
  const sigma1 = numberModel?.championSigma ?? 0;
  const sigma2 = numberModel?.challengerSigma ?? 0;
  const r = numberModel?.correlation ?? 0;
  const rComplement = Math.sqrt(1 - r * r);

  for (let trial = 0; trial < trials; trial++) {
    let sum = 0;
    let sumSquares = 0;
    let b = 0;
    let c = 0;
    let decided = 0;
    let n = 0;
    while (n < maxPairs) {
      n++;
      if (binary) {
        const u = random.next();
        if (u < pChallengerOnly) c++;
        else if (u < pDiscordant) b++;
        sum = c - b;
        sumSquares = c + b;
      } else {
        const z1 = random.normal();
        const z2 = random.normal();
        const d = Math.abs(sigma1 * z1) - Math.abs(sigma2 * (r * z1 + rComplement * z2));
        sum += d;
        sumSquares += d * d;
      }
      // The rule cannot decide before minSamples, so earlier checks would only cost time.
      if (n < minSamples) continue;
      state.n = n;
      state.sum = sum;
      state.sumSquares = sumSquares;
      if (binary) {
        state.b = b;
        state.c = c;
      }
      const { decision } = n === maxPairs ? shadowFinalVerdict(state) : shadowVerdict(state);
      if (decision === 'promote') decided = 1;
      else if (decision === 'reject') decided = 2;
      if (decided !== 0) break;
    }
    stopAt[trial] = n;
    outcome[trial] = decided;
  }

  let promoted = 0;
  let rejected = 0;
  let pairs = 0;
  let promotionPairs = 0;
  for (let i = 0; i < trials; i++) {
    pairs += stopAt[i];
    if (outcome[i] === 1) {
      promoted++;
      promotionPairs += stopAt[i];
    } else if (outcome[i] === 2) rejected++;
  }
  const promoteRate = promoted / trials;
  const fixed = fixedHorizonPairs({ effect: trueMean, margin, sd, alpha, power });
  return {
    false_promotion_rate: trueMean <= margin ? promoteRate : null,
    power: trueMean > margin ? promoteRate : null,
    promote_rate: promoteRate,
    reject_rate: rejected / trials,
    inconclusive_rate: (trials - promoted - rejected) / trials,
    mean_pairs_to_decision: pairs / trials,
    mean_pairs_to_promotion: promoted > 0 ? promotionPairs / promoted : null,
    fixed_horizon_pairs: Number.isFinite(fixed) ? fixed : null,
    true_mean: trueMean,
    sd,
    n_star: nStar,
    trials,
  };
}
