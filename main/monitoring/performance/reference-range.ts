import type { Table } from '../../data/types.js';

/** Rows of one numeric input that lie beyond everything the reference held. */
export type OutsideReference = { column: string; share: number; referenceMin: number; referenceMax: number };

/**
 * Shares of rows whose numeric inputs lie outside the reference's range. Tree estimators (DLE's
 * loss models, CBPE's calibration) only know errors where they were fitted: beyond the range they
 * answer as at its edge, so an estimate over such rows says little. Saying how many
 * rows that concerns is what keeps a user from trusting it there.
 */
export function outsideReferenceRange(
  current: Table,
  reference: Table,
  inputs: readonly string[],
): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const name of inputs) {
    const ref = reference.columns.find((column) => column.name === name);
    const now = current.columns.find((column) => column.name === name);
    if (!ref || !now || (ref.type !== 'numeric' && ref.type !== 'integer')) continue;
    if (now.type !== 'numeric' && now.type !== 'integer') continue;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const value of ref.values) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    if (min > max) continue;
    let present = 0;
    let outside = 0;
    for (const value of now.values) {
      if (Number.isNaN(value)) continue;
      present++;
      if (value < min || value > max) outside++;
    }
    if (outside > 0)
      found.push({ column: name, share: outside / present, referenceMin: min, referenceMax: max });
  }
  return found.sort((a, b) => b.share - a.share);
}
