/**
 * Population Stability Index over matching bins (Yurdakul 2018, "Statistical properties of the
 * population stability index"):
 *
 *   PSI = Σ_b (q_b − p_b) · ln(q_b / p_b),  p = reference shares, q = current shares.
 *
 * An empty bin on either side makes a term infinite, so every share is floored at ε = 1e-4 (the
 * smoothing Evidently and most PSI write-ups use) and not renormalised — the floor moves the total
 * by at most ε per bin. The floor also caps what one bin can contribute: a bin holding 10% of the
 * current data but none of the reference adds 0.1·ln(0.1/1e-4) ≈ 0.69, drift by any threshold,
 * while a bin empty on both sides adds exactly 0.
 */
export const PSI_EPSILON = 1e-4;

export function populationStabilityIndex(
  reference: readonly number[],
  current: readonly number[],
  epsilon = PSI_EPSILON,
): number {
  const referenceTotal = total(reference);
  const currentTotal = total(current);
  if (referenceTotal === 0 || currentTotal === 0) return 0;
  let psi = 0;
  for (let b = 0; b < reference.length; b++) {
    const p = Math.max(reference[b] / referenceTotal, epsilon);
    const q = Math.max(current[b] / currentTotal, epsilon);
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}

/**
 * Jensen–Shannon distance, base 2, between two count vectors over the same bins: the square root
 * of JSD = ½ KL(p ‖ μ) + ½ KL(q ‖ μ), μ = (p + q)/2. Bounded to [0, 1] and finite with empty bins
 * (a zero share contributes 0·log 0 = 0), so it needs no smoothing. Matches
 * scipy.spatial.distance.jensenshannon(p, q, base=2).
 */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const referenceTotal = total(reference);
  const currentTotal = total(current);
  if (referenceTotal === 0 || currentTotal === 0) return 0;
  let divergence = 0;
  for (let b = 0; b < reference.length; b++) {
    const p = reference[b] / referenceTotal;
    const q = current[b] / currentTotal;
    const mid = (p + q) / 2;
    if (p > 0) divergence += p * Math.log2(p / mid);
    if (q > 0) divergence += q * Math.log2(q / mid);
  }
  return Math.min(1, Math.sqrt(Math.max(0, divergence / 2)));
}

function total(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
