import type { ShadowStatisticalTests } from '../contract/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { Task } from '../training/types.js';
import { mcnemarExact, pairedTTest, wilcoxonSignedRank } from './shadow-stats/index.js';

/** The labelled, paired traffic of one shadow test, reduced to what the decision needs. */
export type ShadowEvidence = {
  /** Requests mirrored to the challenger (labelled or not). */
  mirrored: number;
  /** Labelled pairs: both models answered and ground truth arrived. */
  n: number;
  /** Σ d and Σ d², d = loss(champion) − loss(challenger). */
  sum: number;
  sumSquares: number;
  /** Classification: champion right & challenger wrong (b), the reverse (c). */
  b: number;
  c: number;
  agreementRate: number | null;
  champion: { metric: string; value: number | null; latencyMsP50: number | null };
  challenger: { metric: string; value: number | null; latencyMsP50: number | null };
  tests: ShadowStatisticalTests;
};

function predictionValue(json: string | null): unknown {
  if (json === null) return null;
  const parsed = JSON.parse(json) as { prediction?: unknown } | null;
  return parsed?.prediction ?? null;
}

/** Labels arrive as the caller sent them (1, "1", true): compare them as the model's classes. */
function sameClass(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const normalise = (value: unknown) => {
    if (typeof value === 'boolean') return value ? '1' : '0';
    const text = String(value).trim();
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? String(number) : text.toLowerCase();
  };
  return normalise(a) === normalise(b);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function collectShadowEvidence(
  traffic: TrafficStore,
  input: {
    modelName: string;
    task: Task;
    championVersion: number;
    challengerVersion: number;
    since: string;
    /** Only pairs up to this time (the test as it stood then, for a series over time). */
    until?: string;
  },
): ShadowEvidence {
  const rows = traffic.mirroredPairs(input);

  const classification = input.task !== 'number';
  const differences: number[] = [];
  let agreements = 0;
  let b = 0;
  let c = 0;
  let championLossSum = 0;
  let challengerLossSum = 0;
  const championLatency: number[] = [];
  const challengerLatency: number[] = [];
  for (const row of rows) {
    const championPrediction = predictionValue(row.championPrediction);
    const challengerPrediction = predictionValue(row.challengerPrediction);
    championLatency.push(row.championLatencyMs);
    challengerLatency.push(row.challengerLatencyMs);
    if (classification) {
      if (sameClass(championPrediction, challengerPrediction)) agreements++;
    } else if (
      Math.abs(Number(championPrediction) - Number(challengerPrediction)) <=
      1e-9 * (1 + Math.abs(Number(championPrediction)))
    ) {
      agreements++;
    }
    if (row.actualJson === null) continue;
    const actual = JSON.parse(row.actualJson) as unknown;
    let championLoss: number;
    let challengerLoss: number;
    if (classification) {
      championLoss = sameClass(championPrediction, actual) ? 0 : 1;
      challengerLoss = sameClass(challengerPrediction, actual) ? 0 : 1;
      if (championLoss === 0 && challengerLoss === 1) b++;
      if (championLoss === 1 && challengerLoss === 0) c++;
    } else {
      const truth = Number(actual);
      if (!Number.isFinite(truth)) continue;
      championLoss = Math.abs(Number(championPrediction) - truth);
      challengerLoss = Math.abs(Number(challengerPrediction) - truth);
    }
    championLossSum += championLoss;
    challengerLossSum += challengerLoss;
    differences.push(championLoss - challengerLoss);
  }

  const n = differences.length;
  let sum = 0;
  let sumSquares = 0;
  for (const d of differences) {
    sum += d;
    sumSquares += d * d;
  }
  const metric = classification ? 'accuracy' : 'mae';
  const value = (lossSum: number) => (n === 0 ? null : classification ? 1 - lossSum / n : lossSum / n);
  const tests: ShadowEvidence['tests'] = {};
  if (classification && b + c > 0) {
    const result = mcnemarExact({ b, c });
    tests.mcnemar = { b, c, pGreater: result.greater, pTwoSided: result.twoSided };
  }
  if (!classification && n >= 2) {
    const t = pairedTTest(differences);
    tests.pairedT = { t: t.t, df: t.df, pGreater: t.greater, pTwoSided: t.twoSided };
    if (differences.some((d) => d !== 0)) {
      const w = wilcoxonSignedRank(differences);
      tests.wilcoxon = { statistic: w.wPlus, pGreater: w.greater, pTwoSided: w.twoSided };
    }
  }
  return {
    mirrored: rows.length,
    n,
    sum,
    sumSquares,
    b,
    c,
    agreementRate: rows.length === 0 ? null : agreements / rows.length,
    champion: { metric, value: value(championLossSum), latencyMsP50: median(championLatency) },
    challenger: { metric, value: value(challengerLossSum), latencyMsP50: median(challengerLatency) },
    tests,
  };
}
