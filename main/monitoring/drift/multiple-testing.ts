/**
 * Adjusted p-values for a family of tests (one per feature), so that "p < α" keeps its meaning when
 * many features are checked at once.
 * - Benjamini–Hochberg (1995), controlling the false discovery rate: with p₍₁₎ ≤ … ≤ p₍ₘ₎,
 *   p̃₍ᵢ₎ = min_{k ≥ i} min(1, m·p₍ₖ₎ / k) (the step-up form R's p.adjust(method = "BH") returns).
 * - Bonferroni, controlling the family-wise error rate: p̃ = min(1, m·p).
 * - none: the raw p-values.
 */
export type Correction = 'bh' | 'bonferroni' | 'none';

export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    running = Math.min(running, (pValues[index] * m) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}

export const CORRECTION_LABELS: Record<Correction, string> = {
  bh: 'BH-adjusted',
  bonferroni: 'Bonferroni-adjusted',
  none: 'unadjusted',
};
