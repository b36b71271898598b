import { chiSquareHomogeneity } from './chi-square.js';
import { formatCount, formatShare, quote } from './format.js';
import { noCurrentValues } from './numeric-drift.js';
import { jensenShannonDistance, populationStabilityIndex } from './psi.js';
import type { CategoricalReference } from './reference.js';
import type { CategoricalHistograms } from './report.js';
import type { FeatureEvidence } from './verdict.js';

/** Bucket labels beside the real categories in histograms and chi-square cells. */
export const OTHER_BUCKET = '(other)';
export const UNSEEN_BUCKET = '(unseen)';

/**
 * Categorical drift statistics of one feature over the buckets: the reference's top categories,
 * "(other)" for rarer values seen in training, "(unseen)" for values never seen. PSI, Jensen–
 * Shannon and the chi-square test all use these buckets; the share of unseen values is reported on
 * its own because it is the plainest signal of a changed upstream encoding.
 */
export function categoricalEvidence(
  reference: CategoricalReference,
  current: { counts: readonly [string, number][]; missing: number },
): FeatureEvidence {
  const top = reference.categories.length;
  const index = new Map<string, number>(reference.categories.map((category, i) => [category.value, i]));
  for (const value of reference.other.values) index.set(value, top);
  const counts = new Array<number>(top + 2).fill(0);
  const unseenValues = new Map<string, number>();
  const missing = current.missing;
  let unlisted = 0;
  let n = 0;
  for (const [value, count] of current.counts) {
    n += count;
    const bucket = index.get(value);
    if (bucket !== undefined) counts[bucket] += count;
    else if (!reference.other.values_complete) {
      // The reference kept only some rare names: this value may have been seen, so it is not called new.
      counts[top] += count;
      unlisted += count;
    } else {
      counts[top + 1] += count;
      unseenValues.set(value, (unseenValues.get(value) ?? 0) + count);
    }
  }
  const base = {
    name: reference.name,
    kind: 'categorical' as const,
    nReference: reference.n,
    nCurrent: n,
    missingCurrent: missing,
    notes: [] as string[],
  };
  const labels = [...reference.categories.map((category) => category.value), OTHER_BUCKET, UNSEEN_BUCKET];
  const referenceCounts = [
    ...reference.categories.map((category) => category.count),
    reference.other.count,
    0,
  ];
  // Buckets empty on both sides add nothing to PSI, JS or X²; dropping them keeps the plot clean.
  const keep = labels.map((_, j) => referenceCounts[j] + counts[j] > 0);
  const cells = {
    labels: labels.filter((_, j) => keep[j]),
    reference: referenceCounts.filter((_, j) => keep[j]),
    current: counts.filter((_, j) => keep[j]),
  };
  const histograms: CategoricalHistograms = {
    categories: cells.labels,
    reference: cells.reference.map((count) => (reference.n > 0 ? count / reference.n : 0)),
    current: cells.current.map((count) => (n > 0 ? count / n : 0)),
  };
  if (reference.n === 0) {
    return {
      ...base,
      statistics: {},
      histograms,
      notApplicable: `No reference values: the column was empty in the training data (${formatCount(reference.missing)} missing), so there is nothing to compare with.`,
    };
  }
  if (n === 0) return { ...base, statistics: {}, histograms, notApplicable: noCurrentValues(missing) };

  const unseen = counts[top + 1];
  const statistics: FeatureEvidence['statistics'] = {
    psi: populationStabilityIndex(cells.reference, cells.current),
    js: jensenShannonDistance(cells.reference, cells.current),
    unseen_share: unseen / n,
  };
  const notes = base.notes;
  if (unseen === n) {
    notes.push(
      `All ${formatCount(n)} current values are categories never seen in training (${examples(unseenValues)}).`,
    );
  } else if (unseen > 0) {
    notes.push(
      `${formatCount(unseenValues.size)} new ${unseenValues.size === 1 ? 'category' : 'categories'} (${examples(unseenValues)}) ${unseenValues.size === 1 ? 'makes' : 'make'} up ${formatShare(unseen / n)} of current values.`,
    );
  }
  if (unlisted > 0) {
    notes.push(
      `The reference kept ${formatCount(reference.other.values.length)} of ${formatCount(reference.other.distinct)} rare category names, so ${formatCount(unlisted)} current values outside them count as ${OTHER_BUCKET}, not as new.`,
    );
  }
  const seenCategories = cells.labels.filter((_, j) => cells.reference[j] > 0);
  const currentCategories = cells.labels.filter((_, j) => cells.current[j] > 0);
  if (
    seenCategories.length === 1 &&
    currentCategories.length === 1 &&
    seenCategories[0] === currentCategories[0]
  ) {
    notes.push(`A single category in both reference and current (${quote(seenCategories[0])}): no change.`);
  }

  const chi = chiSquareHomogeneity(cells);
  if (chi.df === 0) {
    return {
      ...base,
      statistics,
      histograms,
      testUnavailable:
        cells.labels.length === 1
          ? 'chi-square not possible with a single category'
          : `chi-square not possible: with ${formatCount(n)} current values every category has an expected count below 5, and pooling them leaves one cell`,
    };
  }
  statistics.chi2 = chi.statistic;
  statistics.chi2_df = chi.df;
  statistics.chi2_p = chi.p;
  return { ...base, statistics, histograms, test: { name: 'chi-square', p: chi.p } };
}

function examples(values: Map<string, number>): string {
  const ranked = [...values].sort((a, b) => b[1] - a[1]).map(([value]) => quote(value));
  return ranked.length > 3 ? `${ranked.slice(0, 3).join(', ')}, …` : ranked.join(', ');
}
