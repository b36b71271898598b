import type { ShadowTestReport } from '../../main/contract/index.js';

/** A shadow test's report (classification, running, a clear winner): `overrides` set what a test is about. */
export function shadowReport(overrides: Partial<ShadowTestReport> = {}): ShadowTestReport {
  return {
    id: 1,
    status: 'running',
    championVersion: 1,
    challengerVersion: 2,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationDays: 14,
    elapsedDays: 2,
    daysLeft: 12,
    minSamples: 200,
    mirroredRequests: 300,
    labelledPairs: 250,
    metric: 'accuracy',
    championValue: 0.8,
    challengerValue: 0.9,
    agreementRate: 0.85,
    latencyMsP50: { champion: 3, challenger: 4 },
    margin: 0.04,
    significance: 0.05,
    interval: { lower: 0.05, upper: 0.15 },
    meanDifference: 0.1,
    pairsNeeded: 0,
    verdictSoFar: 'promote',
    tests: { mcnemar: { b: 5, c: 30, pGreater: 0.00001, pTwoSided: 0.00002 } },
    ...overrides,
  };
}
