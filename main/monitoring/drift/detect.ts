import { PodiumError } from '../../contract/errors.js';
import { categoricalEvidence } from './categorical-drift.js';
import { formatCount, formatShare } from './format.js';
import { adjustPValues } from './multiple-testing.js';
import { noCurrentValues, numericEvidence, numericHistograms } from './numeric-drift.js';
import { type DriftOptions, resolveDriftOptions } from './options.js';
import {
  categoryCounts,
  columnLength,
  type DriftColumn,
  type FeatureReference,
  numericValues,
  type PredictionColumn,
  REFERENCE_FORMAT,
  REFERENCE_VERSION,
  type ReferenceDistribution,
} from './reference.js';
import type { DriftReport, FeatureDrift } from './report.js';
import { sortedFinite } from './sorted-sample.js';
import { type FeatureEvidence, featureVerdict } from './verdict.js';

/** The data to check: same column shape as the reference was built from. */
export type CurrentData = { columns: readonly DriftColumn[]; prediction?: PredictionColumn };

/**
 * Compares current data (a file, or a window of live requests) with a model's reference
 * distribution, feature by feature and on the prediction, and decides dataset drift.
 * Only the features of the reference are checked; extra current columns are named in the summary.
 * The multiple-testing family is the features with a test; the prediction is a separate,
 * single question, so its p-value is not adjusted.
 */
export function detectDrift(
  reference: ReferenceDistribution,
  current: CurrentData,
  options: Partial<DriftOptions> = {},
): DriftReport {
  checkReference(reference);
  const settings = resolveDriftOptions(options);
  const byName = new Map<string, DriftColumn>();
  for (const column of current.columns) {
    if (byName.has(column.name)) {
      throw new PodiumError('DATA_INVALID', `Column ${column.name} appears twice in the current data`, {
        column: column.name,
      });
    }
    byName.set(column.name, column);
  }
  const evidence = reference.features.map((feature) => featureEvidence(feature, byName.get(feature.name)));
  const tested = evidence.filter((item) => item.test !== undefined && item.notApplicable === undefined);
  const adjusted = adjustPValues(
    tested.map((item) => item.test?.p ?? 1),
    settings.correction,
  );
  const adjustedByFeature = new Map(tested.map((item, i) => [item, adjusted[i]]));
  const features = evidence.map((item, i) =>
    withTypeMismatches(
      withMissingShares(
        toFeatureDrift(item, adjustedByFeature.get(item), tested.length, settings),
        reference.features[i],
      ),
      byName.get(item.name),
    ),
  );

  const applicable = features.filter((feature) => feature.status !== 'not_applicable');
  const drifted = applicable.filter((feature) => feature.status === 'drift');
  const driftShare = applicable.length === 0 ? 0 : drifted.length / applicable.length;
  const report: DriftReport = {
    datasetDrift: applicable.length > 0 && driftShare >= settings.driftShare,
    driftShare,
    driftedFeatures: drifted.length,
    applicableFeatures: applicable.length,
    features,
    summary: '',
  };
  if (current.prediction !== undefined) {
    const column: DriftColumn = { ...current.prediction, name: current.prediction.name ?? 'prediction' };
    report.prediction = reference.prediction
      ? toFeatureDrift(featureEvidence(reference.prediction, column), undefined, 1, settings)
      : notApplicable(column, 'The reference distribution has no predictions to compare with.');
  }
  const known = new Set(reference.features.map((feature) => feature.name));
  const ignored = current.columns.filter((column) => !known.has(column.name)).map((column) => column.name);
  report.summary = summarise(report, settings, ignored);
  return report;
}

function featureEvidence(reference: FeatureReference, column: DriftColumn | undefined): FeatureEvidence {
  if (column === undefined) {
    return {
      ...emptyEvidence(reference),
      notApplicable: 'The column is absent from the current data, so there is nothing to compare.',
    };
  }
  if (column.kind !== reference.kind) {
    return {
      ...emptyEvidence(reference),
      nCurrent: columnLength(column),
      schemaChange: `The column's type changed: ${reference.kind} in training, ${column.kind} in the current data.`,
    };
  }
  if (reference.kind === 'numeric') {
    const sorted = column.sortedFinite;
    const sample =
      sorted === undefined
        ? sortedFinite(numericValues(column))
        : { sorted, missing: columnLength(column) - sorted.length };
    return numericEvidence(reference, sample);
  }
  return categoricalEvidence(reference, categoryCounts(column));
}

/** Evidence with only the reference side, for a column that cannot be compared. */
function emptyEvidence(reference: FeatureReference): FeatureEvidence {
  const histograms =
    reference.kind === 'numeric'
      ? reference.n > 0
        ? numericHistograms(reference, new Float64Array(0))
        : { edges: [], reference: [], current: [] }
      : categoricalEvidence(reference, { counts: [], missing: 0 }).histograms;
  return {
    name: reference.name,
    kind: reference.kind,
    nReference: reference.n,
    nCurrent: 0,
    missingCurrent: 0,
    statistics: {},
    histograms,
    notes: [],
  };
}

function notApplicable(column: DriftColumn, reason: string): FeatureDrift {
  const missing =
    column.kind === 'numeric' ? sortedFinite(numericValues(column)).missing : categoryCounts(column).missing;
  return {
    name: column.name,
    kind: column.kind,
    status: 'not_applicable',
    reason: columnLength(column) === missing ? `${reason} ${noCurrentValues(missing)}` : reason,
    decidedBy: 'none',
    nReference: 0,
    nCurrent: columnLength(column) - missing,
    missingCurrent: missing,
    statistics: {},
    histograms:
      column.kind === 'numeric'
        ? { edges: [], reference: [], current: [] }
        : { categories: [], reference: [], current: [] },
  };
}

function toFeatureDrift(
  evidence: FeatureEvidence,
  pAdjusted: number | undefined,
  familySize: number,
  options: DriftOptions,
): FeatureDrift {
  const verdict = featureVerdict(evidence, pAdjusted, familySize, options);
  const statistics = { ...evidence.statistics };
  if (pAdjusted !== undefined && evidence.test?.name === 'KS') statistics.ks_p_adjusted = pAdjusted;
  if (pAdjusted !== undefined && evidence.test?.name === 'chi-square') statistics.chi2_p_adjusted = pAdjusted;
  return {
    name: evidence.name,
    kind: evidence.kind,
    status: verdict.status,
    reason: verdict.reason,
    decidedBy: verdict.decidedBy,
    nReference: evidence.nReference,
    nCurrent: evidence.nCurrent,
    missingCurrent: evidence.missingCurrent,
    statistics,
    histograms: evidence.histograms,
  };
}

/**
 * The share of missing values on each side: live requests may now leave a category or number
 * blank (it is filled as in training), so a column going missing shows here, not as an error.
 */
function withMissingShares(feature: FeatureDrift, reference: FeatureReference): FeatureDrift {
  const current = feature.nCurrent + feature.missingCurrent;
  const trained = reference.n + reference.missing;
  if (current > 0) feature.statistics.missing_share = feature.missingCurrent / current;
  if (trained > 0) feature.statistics.missing_share_reference = reference.missing / trained;
  return feature;
}

/**
 * Cells that did not read as the column's type (text deep in a number column) were read as
 * missing; their count is reported beside the statistics, so a broken upstream export shows here.
 */
function withTypeMismatches(feature: FeatureDrift, column: DriftColumn | undefined): FeatureDrift {
  const mismatches = column?.typeMismatches ?? 0;
  if (mismatches > 0) feature.statistics.type_mismatches = mismatches;
  return feature;
}

export function summarise(report: DriftReport, options: DriftOptions, ignored: string[]): string {
  const { driftedFeatures: drifted, applicableFeatures: applicable } = report;
  const names = (status: string) =>
    report.features.filter((feature) => feature.status === status).map((feature) => feature.name);
  const list = (items: string[]) =>
    items.length > 5 ? `${items.slice(0, 5).join(', ')}, …` : items.join(', ');
  const parts: string[] = [];
  if (applicable === 0) {
    parts.push('No dataset drift verdict: no feature could be compared.');
  } else {
    const share = `${formatShare(report.driftShare)} ${report.datasetDrift ? '≥' : '<'} ${formatShare(options.driftShare)}`;
    parts.push(
      `${report.datasetDrift ? 'Dataset drift' : 'No dataset drift'}: ${drifted} of ${applicable} features drifted (${share}).`,
    );
  }
  const driftNames = names('drift');
  const warningNames = names('warning');
  const skipped = names('not_applicable');
  if (driftNames.length > 0) parts.push(`Drift: ${list(driftNames)}.`);
  if (warningNames.length > 0) parts.push(`Warning: ${list(warningNames)}.`);
  if (skipped.length > 0) parts.push(`Not applicable: ${list(skipped)}.`);
  if (report.prediction) parts.push(`Prediction: ${report.prediction.status.replace('_', ' ')}.`);
  const mismatched = report.features.filter((feature) => (feature.statistics.type_mismatches ?? 0) > 0);
  if (mismatched.length > 0) {
    parts.push(
      `Type mismatches (read as missing): ${list(mismatched.map((feature) => `${feature.name} ${formatCount(feature.statistics.type_mismatches ?? 0)}`))}.`,
    );
  }
  if (ignored.length > 0) parts.push(`Ignored (not in the reference): ${list(ignored)}.`);
  return parts.join(' ');
}

function checkReference(reference: ReferenceDistribution): void {
  if (reference?.format !== REFERENCE_FORMAT || reference.version !== REFERENCE_VERSION) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `Not a version-${REFERENCE_VERSION} reference distribution (expected format ${REFERENCE_FORMAT})`,
      { format: reference?.format, version: reference?.version },
    );
  }
}
