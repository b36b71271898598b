import { PodiumError } from '../../contract/errors.js';

/**
 * The joint models of champion and challenger errors that planning and simulation assume, kept in
 * one place so the planned sample sizes and the simulated streams agree.
 */

export type ShadowTask = 'binary' | 'number';

/** Default correlation of the two models' correctness (binary, phi coefficient). */
export const DEFAULT_BINARY_CORRELATION = 0.5;
/** Default correlation of the two models' residuals (number). */
export const DEFAULT_NUMBER_CORRELATION = 0.8;

export type BinaryPairModel = {
  /** P(champion right, challenger wrong): d = −1. */
  championOnly: number;
  /** P(challenger right, champion wrong): d = +1. */
  challengerOnly: number;
  /** P(the models disagree). */
  discordance: number;
  /** Standard deviation of d. */
  sd: number;
};

/**
 * Correctness of the two models as correlated Bernoulli variables with accuracies p₁ (champion) and
 * p₂ = p₁ + gain and phi coefficient r: P(both right) = p₁p₂ + r√(p₁(1−p₁)p₂(1−p₂)). Models trained
 * on the same data mostly fail on the same rows; r = 0.5 at 80% accuracy gives 16% discordant
 * pairs, in the range reported for retrained tabular models. Var(d) = discordance − gain².
 */
export function binaryPairModel(
  accuracy: number,
  gain: number,
  correlation = DEFAULT_BINARY_CORRELATION,
): BinaryPairModel {
  const p1 = accuracy;
  const p2 = accuracy + gain;
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1) || !(correlation >= 0 && correlation < 1)) {
    throw new PodiumError('USAGE', 'accuracies must lie in (0, 1) and the correlation in [0, 1)', {
      accuracy,
      gain,
      correlation,
    });
  }
  const bothRight = p1 * p2 + correlation * Math.sqrt(p1 * (1 - p1) * p2 * (1 - p2));
  const championOnly = p1 - bothRight;
  const challengerOnly = p2 - bothRight;
  if (championOnly < 0 || challengerOnly < 0 || 1 - p1 - challengerOnly < 0) {
    throw new PodiumError('USAGE', 'no joint distribution has these accuracies and this correlation', {
      accuracy,
      gain,
      correlation,
    });
  }
  const discordance = championOnly + challengerOnly;
  return { championOnly, challengerOnly, discordance, sd: Math.sqrt(Math.max(0, discordance - gain * gain)) };
}

export type NumberPairModel = {
  /** Residual sd of the champion and the challenger (residuals are normal, mean 0). */
  championSigma: number;
  challengerSigma: number;
  correlation: number;
  /** Standard deviation of d = |e_champion| − |e_challenger|. */
  sd: number;
};

/**
 * Residuals (e₁, e₂) bivariate normal with correlation r, so the MAE of each is σ√(2/π) and
 * d = |e₁| − |e₂| has mean = the MAE reduction. With E|XY| = (2/π)(√(1−r²) + r·arcsin r) for
 * standard normals (the folded-normal product moment),
 * Var(d) = (1 − 2/π)(σ₁² + σ₂²) − 2σ₁σ₂(2/π)(√(1−r²) + r·arcsin r − 1).
 * r = 0.8 (both models miss the same irreducible noise) gives sd(d) ≈ 0.68 × MAE.
 */
export function numberPairModel(
  mae: number,
  reduction: number,
  correlation = DEFAULT_NUMBER_CORRELATION,
): NumberPairModel {
  if (!(mae > 0) || !(reduction < mae) || !(correlation >= 0 && correlation < 1)) {
    throw new PodiumError('USAGE', 'MAE must be > 0, the reduction below it, and the correlation in [0, 1)', {
      mae,
      reduction,
      correlation,
    });
  }
  const scale = Math.sqrt(Math.PI / 2);
  const championSigma = mae * scale;
  const challengerSigma = (mae - reduction) * scale;
  const product =
    (2 / Math.PI) * (Math.sqrt(1 - correlation ** 2) + correlation * Math.asin(correlation) - 1);
  const variance =
    (1 - 2 / Math.PI) * (championSigma ** 2 + challengerSigma ** 2) -
    2 * championSigma * challengerSigma * product;
  return { championSigma, challengerSigma, correlation, sd: Math.sqrt(Math.max(0, variance)) };
}

/**
 * The promotion margin in units of d from the configured relative `champion_threshold`: for
 * binary tasks an accuracy gain of threshold × the champion's accuracy, for number tasks an MAE
 * reduction of threshold × the champion's MAE (both are "threshold relative improvement").
 */
export function marginFromThreshold(input: { championThreshold: number; baseline: number }): number {
  const { championThreshold, baseline } = input;
  if (!(championThreshold >= 0) || !(baseline > 0)) {
    throw new PodiumError('USAGE', 'championThreshold must be ≥ 0 and baseline > 0', {
      championThreshold,
      baseline,
    });
  }
  return championThreshold * baseline;
}
