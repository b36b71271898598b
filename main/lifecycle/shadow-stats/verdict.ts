import { betaBinomialDecision, betaPriorForPairs } from './beta-binomial-mixture.js';
import {
  checkAlpha,
  checkSummary,
  mixtureRho,
  oneSidedRadius,
  pairsForRadius,
  plugInSd,
  type StreamSummary,
} from './confidence-sequence.js';
import { usage } from './usage.js';

/**
 * The shadow-test decision rule. With μ the mean of d = loss(champion) − loss(challenger) and m
 * the margin (in units of d, m ≥ 0):
 *
 *   promote  when the lower one-sided bound L_n > m — the challenger is better by more than m;
 *   reject   when the upper one-sided bound U_n < m — it is not better by the margin (this
 *            includes "clearly worse", U_n < 0 ≤ m);
 *   continue otherwise, and always before `minSamples` pairs.
 *
 * Both bounds come from the always-valid confidence sequence (confidence-sequence.ts), each at
 * level α, so however often the result is looked at, P(ever promote | μ ≤ m) ≤ α (a false
 * promotion), and P(ever reject | μ ≥ m) ≤ α. The reported interval [L_n, U_n] is therefore a
 * (1 − 2α) two-sided confidence sequence. `shadowFinalVerdict` applies the same bounds at the end of
 * the planned duration, so a final look cannot spend more error than the continuous monitoring.
 */

export type ShadowVerdictInput = StreamSummary & {
  /** Classification: pairs the champion got right and the challenger wrong (d = −1). */
  b?: number;
  /** Classification: pairs the challenger got right and the champion wrong (d = +1). */
  c?: number;
  /** Minimum improvement of the mean of d that justifies promotion, in units of d (≥ 0). */
  margin: number;
  /** One-sided error rate of each decision; default 0.05. */
  alpha?: number;
  /** No decision before this many pairs. */
  minSamples: number;
  /** Expected number of pairs; the confidence sequence is tuned to be tightest there. */
  nStar: number;
  /**
   * 'normal-mixture' (default): asymptotic CS on μ, any task. 'beta-binomial': the exact mixture
   * martingale on discordant pairs (classification with margin 0 only); the interval is still the
   * normal-mixture one, for display.
   */
  method?: 'normal-mixture' | 'beta-binomial';
  /** Beta(a, a) prior for 'beta-binomial'; default betaPriorForPairs(nStar, alpha). */
  betaA?: number;
};

export type ShadowDecision = 'promote' | 'reject' | 'continue';

export type ShadowVerdict = {
  decision: ShadowDecision;
  /** One-sided level-α lower and upper bounds on the mean of d (together: level 1 − 2α). */
  interval: { lower: number; upper: number };
  mean: number;
  n: number;
  /**
   * Estimated further pairs until a bound clears the margin if the observed mean and sd held
   * (0 once decided); null when it cannot be estimated (fewer than 2 pairs, mean exactly at the
   * margin, or more than 10¹² pairs).
   */
  pairsNeeded: number | null;
};

export type ShadowFinalVerdict = Omit<ShadowVerdict, 'decision' | 'pairsNeeded'> & {
  decision: 'promote' | 'reject' | 'inconclusive';
};

function checkInput(input: ShadowVerdictInput, alpha: number): void {
  checkSummary(input);
  checkAlpha(alpha);
  const { margin, minSamples, nStar, b, c } = input;
  if (!(margin >= 0) || !Number.isFinite(margin))
    throw usage('margin must be a finite number ≥ 0', { margin });
  if (!Number.isInteger(minSamples) || minSamples < 2)
    throw usage('minSamples must be an integer ≥ 2', { minSamples });
  if (!(nStar > 0) || !Number.isFinite(nStar))
    throw usage('nStar must be a positive number of pairs', { nStar });
  if ((b === undefined) !== (c === undefined)) throw usage('give both b and c, or neither');
  if (b !== undefined && c !== undefined) {
    if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0 || b + c > input.n) {
      throw usage('b and c must be non-negative integers with b + c ≤ n', { b, c, n: input.n });
    }
    // For classification d ∈ {−1, 0, 1}, so the sums are determined by the counts.
    if (input.sum !== c - b || input.sumSquares !== b + c) {
      throw usage('for classification, sum must be c − b and sumSquares b + c', { b, c, sum: input.sum });
    }
  }
  if (input.method === 'beta-binomial' && (b === undefined || margin !== 0)) {
    throw usage("method 'beta-binomial' needs the counts b and c and a margin of 0");
  }
}

/** The decision after `input.n` pairs; pure, and cheap enough to call after every pair. */
export function shadowVerdict(input: ShadowVerdictInput): ShadowVerdict {
  const alpha = input.alpha ?? 0.05;
  checkInput(input, alpha);
  const { n, margin } = input;
  const mean = n > 0 ? input.sum / n : 0;
  // d ∈ [−1, 1] for classification: a floor of 1/n on the variance (about one discordant pair)
  // keeps a run of ties from collapsing the interval to a point.
  const sd = plugInSd(input, input.b !== undefined && n > 0 ? 1 / n : 0);
  const rho = mixtureRho(input.nStar, alpha, 1);
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  if (Number.isFinite(sd)) {
    const radius = sd * oneSidedRadius(n, rho, alpha);
    lower = mean - radius;
    upper = mean + radius;
  }
  let decision: ShadowDecision = 'continue';
  if (n >= input.minSamples) {
    if (input.method === 'beta-binomial' && input.b !== undefined && input.c !== undefined) {
      const a = input.betaA ?? betaPriorForPairs(input.nStar, alpha);
      decision = betaBinomialDecision({ b: input.b, c: input.c, a, alpha });
    } else if (lower > margin) decision = 'promote';
    else if (upper < margin) decision = 'reject';
  }
  let pairsNeeded: number | null = null;
  if (decision !== 'continue') pairsNeeded = 0;
  else if (Number.isFinite(sd) && mean !== margin) {
    const total = pairsForRadius(Math.abs(mean - margin), sd, rho, alpha, n);
    if (Number.isFinite(total)) pairsNeeded = Math.max(total, input.minSamples, n + 1) - n;
  }
  return { decision, interval: { lower, upper }, mean, n, pairsNeeded };
}

/**
 * The evaluation at the end of the planned duration: the same anytime-valid bounds, with
 * 'inconclusive' when neither is decisive (or fewer than `minSamples` pairs arrived).
 */
export function shadowFinalVerdict(input: ShadowVerdictInput): ShadowFinalVerdict {
  const { decision, interval, mean, n } = shadowVerdict(input);
  return { decision: decision === 'continue' ? 'inconclusive' : decision, interval, mean, n };
}
