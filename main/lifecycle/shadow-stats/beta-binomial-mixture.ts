import { incompleteBeta, logBeta } from '../../common/statistics/special-functions.js';
import { PodiumError } from '../../contract/errors.js';
import { checkAlpha } from './confidence-sequence.js';

/**
 * An exact, non-asymptotic alternative for classification with margin 0: a test martingale on the
 * discordant pairs. Let p = P(challenger right | the two models disagree). "The challenger is at
 * least as accurate" is p ≤ 1/2 versus p > 1/2 (accuracy gain = P(discordant)·(2p − 1)).
 *
 * The statistic is the mixture likelihood ratio (Robbins 1970; Howard et al. 2021 §3.3) of the
 * c challenger wins and b champion wins against the null p = 1/2, mixing p over Beta(a, a)
 * restricted to [1/2, 1] (prior mass 1/2 there):
 *
 *   M⁺ = [∫_{1/2}^1 p^c (1−p)^b Beta(p; a, a) dp / (1/2)] / (1/2)^{b+c}
 *      = 2^{b+c+1} · B(a+c, a+b)/B(a, a) · P(Beta(a+c, a+b) > 1/2).
 *
 * Each component (p ≥ 1/2) is a non-negative supermartingale under every null p′ ≤ 1/2 (its
 * one-step mean is 2[(1−p) + p′(2p − 1)] ≤ 1), ties leave it unchanged, so by Ville's inequality
 * P(∃n: M⁺_n ≥ 1/α) ≤ α. Restricting the mixture to p ≥ 1/2 is what makes it valid for the
 * composite one-sided null rather than only for p = 1/2. M⁻ swaps b and c (evidence the challenger
 * is worse).
 */

export type BetaBinomialEvidence = {
  /** M⁺: evidence that the challenger wins more than half the discordant pairs. */
  forChallenger: number;
  /** M⁻: evidence that it wins fewer than half. */
  againstChallenger: number;
  a: number;
};

/**
 * The Beta(a, a) prior that matches the normal mixture tuned for n* pairs: on the log-likelihood
 * scale a Bernoulli(1/2 + δ) trial is ≈ λ(X − 1/2) − λ²/8 with λ = 4δ, so a N(0, 1/ρ) prior on λ with
 * ρ = V′ / L, V′ = D/4 (D = expected discordant pairs = discordance × n*) and
 * L = 2 log(1/(2α)) + log(1 + 2 log(1/(2α))) (Howard et al.'s tuning, confidence-sequence.ts)
 * corresponds to Var(p) = L/(4D) = 1/(4(2a + 1)), i.e. a = (D/L − 1)/2.
 * The discordant share of n* is an assumption (default 0.2); a must be fixed
 * before the data, never estimated from them, or the martingale property is lost.
 */
export function betaPriorForPairs(nStar: number, alpha: number, discordance = 0.2): number {
  checkAlpha(alpha);
  if (!(nStar > 0) || !(discordance > 0 && discordance <= 1)) {
    throw new PodiumError('USAGE', 'nStar must be > 0 and discordance in (0, 1]', { nStar, discordance });
  }
  const l = Math.log(1 / (2 * alpha));
  const a = ((discordance * nStar) / (2 * l + Math.log(1 + 2 * l)) - 1) / 2;
  return Math.max(0.5, a);
}

function logMixture(wins: number, losses: number, a: number): number {
  // P(Beta(a + wins, a + losses) > 1/2) is the upper tail 1 − I_{1/2}(a + wins, a + losses).
  const posteriorAboveHalf = incompleteBeta(0.5, a + wins, a + losses).upper;
  return (
    (wins + losses + 1) * Math.LN2 +
    logBeta(a + wins, a + losses) -
    logBeta(a, a) +
    Math.log(posteriorAboveHalf)
  );
}

function checkCounts(b: number, c: number, a: number): void {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new PodiumError('USAGE', 'b and c must be non-negative integers', { b, c });
  }
  if (!(a > 0) || !Number.isFinite(a)) throw new PodiumError('USAGE', 'the Beta prior a must be > 0', { a });
}

export function betaBinomialEvidence(input: { b: number; c: number; a: number }): BetaBinomialEvidence {
  const { b, c, a } = input;
  checkCounts(b, c, a);
  return {
    forChallenger: Math.exp(logMixture(c, b, a)),
    againstChallenger: Math.exp(logMixture(b, c, a)),
    a,
  };
}

/**
 * The decision of the two one-sided mixture tests, each at level α. Only the side the counts lean
 * to can cross: for c ≥ b every p ≥ 1/2 has p^b (1−p)^c ≤ (1/2)^{b+c}, so M⁻ ≤ 1 < 1/α (and
 * symmetrically), which halves the work when this runs after every pair.
 */
export function betaBinomialDecision(input: {
  b: number;
  c: number;
  a: number;
  alpha: number;
}): 'promote' | 'reject' | 'continue' {
  const { b, c, a, alpha } = input;
  checkCounts(b, c, a);
  checkAlpha(alpha);
  const threshold = Math.log(1 / alpha);
  if (c > b) return logMixture(c, b, a) >= threshold ? 'promote' : 'continue';
  if (b > c) return logMixture(b, c, a) >= threshold ? 'reject' : 'continue';
  return 'continue';
}
