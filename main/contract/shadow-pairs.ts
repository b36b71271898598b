import type { ShadowTestReport } from './lifecycle.js';

type PairsEvidence = Pick<ShadowTestReport, 'verdictSoFar' | 'pairsNeeded' | 'labelledPairs' | 'minSamples'>;

/**
 * How many more labelled pairs a shadow test needs before it can decide, at the observed effect:
 * the one figure the CLI, `shadow.status` and every view show. 0 once it has decided; null
 * when no estimate exists yet (no effect observed, and the minimum is already reached).
 */
export function morePairsNeeded(report: PairsEvidence): number | null {
  if (report.verdictSoFar !== 'continue') return 0;
  if (report.pairsNeeded !== null) return report.pairsNeeded;
  return report.labelledPairs < report.minSamples ? report.minSamples - report.labelledPairs : null;
}

/** The same words everywhere: "about 393 more labelled pairs". */
export function describePairsNeeded(report: PairsEvidence): string {
  const more = morePairsNeeded(report);
  if (more === 0) return 'no more labelled pairs needed';
  if (more === null) return 'more labelled pairs needed (no estimate yet)';
  return `about ${more.toLocaleString('en-US')} more labelled ${more === 1 ? 'pair' : 'pairs'}`;
}
