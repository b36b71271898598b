import { formatCount, formatNumber, formatP, formatPValue } from './format.js';
import { CORRECTION_LABELS } from './multiple-testing.js';
import type { DriftOptions } from './options.js';
import type { ColumnKind } from './reference.js';
import type {
  CategoricalHistograms,
  DriftBasis,
  DriftStatistics,
  DriftStatus,
  NumericHistograms,
} from './report.js';

/** Everything measured for one feature, before the verdict and the multiple-testing correction. */
export type FeatureEvidence = {
  name: string;
  kind: ColumnKind;
  nReference: number;
  nCurrent: number;
  missingCurrent: number;
  statistics: DriftStatistics;
  histograms: NumericHistograms | CategoricalHistograms;
  /** The feature's hypothesis test, when one could be run. */
  test?: { name: 'KS' | 'chi-square'; p: number };
  /** Why there is no test (e.g. every category pooled into one cell). */
  testUnavailable?: string;
  /** Sentences that explain an unusual column (constant, all new, …), placed before the verdict. */
  notes: string[];
  /** Set when there is nothing to compare: the verdict is 'not_applicable' with this reason. */
  notApplicable?: string;
  /** Set when the column changed type: the verdict is 'drift' with this reason. */
  schemaChange?: string;
};

export type FeatureVerdict = { status: DriftStatus; reason: string; decidedBy: DriftBasis };

/**
 * The rule. Where the smaller sample exceeds `largeSample`, a test detects shifts far too small
 * to matter (its power grows with n, the effect does not), so effect sizes decide against their
 * thresholds (see `effectSizeVerdict`) and the p-value is reported beside them. At or below it, the
 * multiple-testing-adjusted p-value decides (warning: significant only before the correction),
 * because effect sizes are themselves noisy there (PSI of two samples of one distribution has
 * expectation ≈ (bins − 1)(1/n + 1/m)). With no valid test, effect sizes decide at any size.
 */
export function featureVerdict(
  evidence: FeatureEvidence,
  pAdjusted: number | undefined,
  familySize: number,
  options: DriftOptions,
): FeatureVerdict {
  if (evidence.notApplicable !== undefined) {
    return { status: 'not_applicable', reason: evidence.notApplicable, decidedBy: 'none' };
  }
  if (evidence.schemaChange !== undefined) {
    return { status: 'drift', reason: evidence.schemaChange, decidedBy: 'schema' };
  }
  const { nReference, nCurrent, test } = evidence;
  const smaller = Math.min(nReference, nCurrent);
  const sizes = `n = ${formatCount(nCurrent)} current / ${formatCount(nReference)} reference`;
  const testText = test ? testSummary(test, pAdjusted, options) : undefined;
  let verdict: { status: DriftStatus; main: string; clause: string; basis: DriftBasis };
  if (smaller > options.largeSample || test === undefined) {
    const why =
      smaller > options.largeSample
        ? `${sizes}; smaller > ${formatCount(options.largeSample)}: decided on effect sizes`
        : `${sizes}; ${evidence.testUnavailable ?? 'no test possible'}: decided on effect sizes`;
    const effect = effectSizeVerdict(evidence.statistics, options);
    let reported = testText ? `; ${testText} reported` : '';
    if (effect.status === 'ok' && test && (pAdjusted ?? test.p) < options.pValue) {
      reported += ' — significant, but the shift is too small to matter';
    }
    verdict = { status: effect.status, main: effect.text, clause: `${why}${reported}`, basis: 'effect_size' };
  } else {
    const decision = testVerdict(test, pAdjusted, familySize, options);
    verdict = {
      status: decision.status,
      main: decision.text,
      clause: `${sizes}; smaller ≤ ${formatCount(options.largeSample)}: decided on the test; ${effectSummary(evidence.statistics)} reported`,
      basis: 'test',
    };
  }
  const reason = [...evidence.notes, `${verdict.main} (${verdict.clause}).`].join(' ');
  return { status: verdict.status, reason, decidedBy: verdict.basis };
}

/**
 * Effect sizes vote: drift when at least two of them (of PSI, normalised Wasserstein, JS — two for
 * categorical features) reach their drift thresholds; a warning when one does, or when PSI is in
 * its warning band. One measure alone does not make drift because with the default thresholds the
 * three differ widely in sensitivity: for a normal feature shifted by δσ, W = δ, JS ≈ 0.41δ and
 * PSI ≈ 0.93δ² (ten decile bins), so W reaches 0.1 at δ = 0.1, JS at δ ≈ 0.24, PSI 0.1 and 0.2 at
 * δ ≈ 0.33 and 0.46. "Any one" would let W alone call every 0.1σ shift drift and leave PSI's
 * warning band unreachable; two of three makes drift mean "at least 0.24σ" for numeric features
 * and "PSI ≥ 0.2" (where JS ≈ 0.19) for categorical ones, with the smaller shifts as warnings.
 * It also keeps one measure's quirk (W on a heavy-tailed feature, PSI's ε floor on a tiny bin)
 * from deciding alone.
 */
function effectSizeVerdict(
  statistics: DriftStatistics,
  options: DriftOptions,
): { status: DriftStatus; text: string } {
  const psi = statistics.psi ?? 0;
  const measures: { text: string; crossed: boolean }[] = [];
  const add = (label: string, value: number, threshold: number, unit = '') => {
    const crossed = value >= threshold;
    measures.push({
      crossed,
      text: `${label} ${formatNumber(value)}${unit} ${crossed ? '≥' : '<'} ${formatNumber(threshold)}${unit}`,
    });
  };
  add('PSI', psi, options.psiDrift);
  if (statistics.wasserstein !== undefined)
    add('Wasserstein', statistics.wasserstein, options.wassersteinDrift, 'σ');
  add('JS', statistics.js ?? 0, options.jsDrift);
  const crossed = measures.filter((measure) => measure.crossed).length;
  const all = measures.map((measure) => measure.text).join(', ');
  const tally = `${crossed} of ${measures.length} effect sizes at their drift thresholds`;
  if (crossed >= 2) return { status: 'drift', text: `${all}: ${tally}` };
  if (crossed === 1) return { status: 'warning', text: `${all}: ${tally}, drift needs 2` };
  if (psi >= options.psiWarning) {
    return {
      status: 'warning',
      text: `${all}: PSI in the warning band [${formatNumber(options.psiWarning)}, ${formatNumber(options.psiDrift)})`,
    };
  }
  // Nothing crossed: PSI is read against its warning threshold, the first one it could cross.
  const quiet = [
    `PSI ${formatNumber(psi)} < ${formatNumber(options.psiWarning)}`,
    ...measures.slice(1).map((m) => m.text),
  ];
  return { status: 'ok', text: `${quiet.join(', ')}: no effect size at its threshold` };
}

function testVerdict(
  test: { name: string; p: number },
  pAdjusted: number | undefined,
  familySize: number,
  options: DriftOptions,
): { status: DriftStatus; text: string } {
  const alpha = formatNumber(options.pValue);
  const raw = formatP(test.p, `${test.name} p`);
  const adjusted = pAdjusted ?? test.p;
  const label = CORRECTION_LABELS[options.correction];
  const corrected = pAdjusted !== undefined && options.correction !== 'none';
  if (adjusted < options.pValue) {
    const text = corrected ? `${raw} (${label} ${formatPValue(adjusted)}) < ${alpha}` : `${raw} < ${alpha}`;
    return { status: 'drift', text };
  }
  if (test.p < options.pValue) {
    return {
      status: 'warning',
      text: `${raw} < ${alpha}, but ${label} ${formatP(adjusted)} ≥ ${alpha} (not significant once ${familySize} features are tested)`,
    };
  }
  const text = corrected ? `${raw} (${label} ${formatPValue(adjusted)}) ≥ ${alpha}` : `${raw} ≥ ${alpha}`;
  return { status: 'ok', text };
}

function testSummary(
  test: { name: string; p: number },
  pAdjusted: number | undefined,
  options: DriftOptions,
): string {
  const raw = formatP(test.p, `${test.name} p`);
  if (pAdjusted === undefined || options.correction === 'none') return raw;
  return `${raw} (${CORRECTION_LABELS[options.correction]} ${formatPValue(pAdjusted)})`;
}

function effectSummary(statistics: DriftStatistics): string {
  const parts = [`PSI ${formatNumber(statistics.psi ?? 0)}`];
  if (statistics.wasserstein !== undefined)
    parts.push(`Wasserstein ${formatNumber(statistics.wasserstein)}σ`);
  parts.push(`JS ${formatNumber(statistics.js ?? 0)}`);
  return parts.join(', ');
}
