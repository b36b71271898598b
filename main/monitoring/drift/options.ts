import { PodiumError } from '../../contract/errors.js';
import type { Correction } from './multiple-testing.js';

/**
 * Thresholds of the drift verdict (config: monitoring drift settings). Effect-size thresholds
 * decide above `largeSample`; the p-value threshold decides at or below it.
 */
export type DriftOptions = {
  /** PSI at or above this is drift… */
  psiDrift: number;
  /** …and at or above this (below psiDrift) a warning. */
  psiWarning: number;
  /** Significance level for the (adjusted) KS / chi-square p-values. */
  pValue: number;
  /** Dataset drift when drifted features / applicable features reaches this share. */
  driftShare: number;
  /** Above this many values in the smaller of the two samples, effect sizes decide, not p-values. */
  largeSample: number;
  /** Wasserstein-1 distance in reference standard deviations. */
  wassersteinDrift: number;
  /** Jensen–Shannon distance (base 2, in [0, 1]). */
  jsDrift: number;
  /** Multiple-testing correction across features. */
  correction: Correction;
};

export const DEFAULT_DRIFT_OPTIONS: Readonly<DriftOptions> = Object.freeze({
  psiDrift: 0.2,
  psiWarning: 0.1,
  pValue: 0.05,
  driftShare: 0.5,
  largeSample: 1000,
  wassersteinDrift: 0.1,
  jsDrift: 0.1,
  correction: 'bh',
});

const CORRECTIONS: readonly Correction[] = ['bh', 'bonferroni', 'none'];

/** Fills in defaults and refuses thresholds that would make the verdict meaningless. */
export function resolveDriftOptions(options: Partial<DriftOptions> = {}): DriftOptions {
  const resolved: DriftOptions = { ...DEFAULT_DRIFT_OPTIONS };
  for (const [key, value] of Object.entries(options) as [keyof DriftOptions, unknown][]) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  const positive = (key: keyof DriftOptions, max = Number.POSITIVE_INFINITY, inclusiveMax = true) => {
    const value = resolved[key];
    if (typeof value !== 'number' || !(value > 0) || value > max || (!inclusiveMax && value === max)) {
      throw invalid(key, value, max === Number.POSITIVE_INFINITY ? 'a positive number' : `in (0, ${max}]`);
    }
  };
  positive('psiDrift');
  positive('psiWarning');
  positive('pValue', 1, false);
  positive('driftShare', 1);
  positive('wassersteinDrift');
  positive('jsDrift', 1);
  if (!Number.isInteger(resolved.largeSample) || resolved.largeSample < 0) {
    throw invalid('largeSample', resolved.largeSample, 'a non-negative integer');
  }
  if (resolved.psiWarning > resolved.psiDrift) {
    throw invalid('psiWarning', resolved.psiWarning, `at most psiDrift (${resolved.psiDrift})`);
  }
  if (!CORRECTIONS.includes(resolved.correction)) {
    throw invalid('correction', resolved.correction, CORRECTIONS.join(', '));
  }
  return resolved;
}

function invalid(field: string, value: DriftOptions[keyof DriftOptions], expected: string): PodiumError {
  return new PodiumError(
    'CONFIG_INVALID',
    `Drift option ${field} must be ${expected}; got ${String(value)}`,
    {
      field,
      value,
    },
  );
}
