import { formatCount, formatNumber } from './format.js';
import { EXACT_KS_MAX_CELLS, ksPValue, tieBlockEnds } from './ks-p-value.js';
import { jensenShannonDistance, populationStabilityIndex } from './psi.js';
import { binCounts, equalWidthCounts, type NumericReference } from './reference.js';
import { compareWithReference, referenceCdf } from './reference-cdf.js';
import type { NumericHistograms } from './report.js';
import { countAtMost, countBelow, type SortedSample } from './sorted-sample.js';
import type { FeatureEvidence } from './verdict.js';

/**
 * Numeric drift statistics of one feature: KS (statistic and p-value), PSI and Jensen–Shannon over
 * the reference's quantile bins, Wasserstein-1 normalised by the reference standard deviation.
 * The standard deviation rather than the IQR: it is the scale in which shifts are usually read
 * ("a 0.1σ shift"), and the IQR is 0 for any feature with more than half its mass on one value
 * (flags, zero-inflated amounts), which would leave most such features without the statistic.
 */
export function numericEvidence(reference: NumericReference, current: SortedSample): FeatureEvidence {
  const sorted = current.sorted;
  const base = {
    name: reference.name,
    kind: 'numeric' as const,
    nReference: reference.n,
    nCurrent: sorted.length,
    missingCurrent: current.missing,
    notes: [] as string[],
  };
  if (reference.n === 0) {
    return {
      ...base,
      statistics: {},
      histograms: { edges: [], reference: [], current: [] },
      notApplicable: `No reference values: the column was empty in the training data (${formatCount(reference.missing)} missing), so there is nothing to compare with.`,
    };
  }
  const histograms = numericHistograms(reference, sorted);
  if (sorted.length === 0) {
    return {
      ...base,
      statistics: {},
      histograms,
      notApplicable: noCurrentValues(current.missing),
    };
  }
  const cdf = referenceCdf(reference);
  const { ks, wasserstein } = compareWithReference(sorted, cdf);
  const exactPooled = reference.values !== undefined && reference.n * sorted.length <= EXACT_KS_MAX_CELLS;
  const blockEnds = exactPooled ? tieBlockEnds(reference.values ?? [], sorted) : undefined;
  const { p } = ksPValue(ks, reference.n, sorted.length, blockEnds);
  const currentBins = binCounts(sorted, reference.psi.edges);
  const statistics = {
    ks,
    ks_p: p,
    psi: populationStabilityIndex(reference.psi.counts, currentBins),
    js: jensenShannonDistance(reference.psi.counts, currentBins),
    wasserstein_raw: wasserstein,
  } as FeatureEvidence['statistics'];
  const currentMin = sorted[0];
  const currentMax = sorted[sorted.length - 1];
  const notes = base.notes;
  if (reference.std > 0) {
    statistics.wasserstein = wasserstein / reference.std;
  } else if (wasserstein === 0) {
    // Identical point masses: no shift in any unit, so 0 in every normalisation.
    statistics.wasserstein = 0;
    notes.push(
      `Constant in both reference and current (every value ${formatNumber(reference.min)}): no change.`,
    );
  } else {
    notes.push(
      `The reference is constant (every value ${formatNumber(reference.min)}), so the Wasserstein distance cannot be normalised by its spread; raw W1 = ${formatNumber(wasserstein)} reported.`,
    );
  }
  if (reference.std > 0 && currentMin === currentMax) {
    notes.push(`Every current value is ${formatNumber(currentMin)}.`);
  }
  return { ...base, statistics, histograms, test: { name: 'KS', p } };
}

export function noCurrentValues(missing: number): string {
  return missing === 0
    ? 'No current values: the current data has no rows, so there is nothing to compare.'
    : `No current values: all ${formatCount(missing)} current rows are missing, so there is nothing to compare.`;
}

/**
 * The reference's plotting bins, widened by one bin on each side the current data overflows
 * ([current min, reference min) and (reference max, current max]); shares per side.
 */
export function numericHistograms(reference: NumericReference, sorted: Float64Array): NumericHistograms {
  const refEdges = reference.histogram.edges;
  const refShares = reference.histogram.counts.map((count) => count / reference.n);
  const n = sorted.length;
  const inside = equalWidthCounts(sorted, refEdges);
  const edges = [...refEdges];
  const referenceShares = [...refShares];
  const currentCounts = [...inside];
  if (n > 0 && sorted[0] < reference.min) {
    edges.unshift(sorted[0]);
    referenceShares.unshift(0);
    currentCounts.unshift(countBelow(sorted, reference.min));
  }
  if (n > 0 && sorted[n - 1] > reference.max) {
    edges.push(sorted[n - 1]);
    referenceShares.push(0);
    currentCounts.push(n - countAtMost(sorted, reference.max));
  }
  return {
    edges,
    reference: referenceShares,
    current: currentCounts.map((count) => (n > 0 ? count / n : 0)),
  };
}
