import { PodiumError } from '../../contract/errors.js';
import type { VersionStore } from '../../registry/versions.js';
import type { TrafficStore } from '../../serving/traffic-store.js';
import type { Task } from '../../training/types.js';
import { type PerformanceWindow, windowStartOf } from './time-windows.js';

/** One answered request of one model version, with its label when one has arrived. */
export type LoggedPrediction = {
  version: number;
  role: 'champion' | 'shadow';
  createdAtMs: number;
  /** The model's answer: a class label or a number. */
  prediction: unknown;
  /** Class label → probability, as the model service returned them; null for regression. */
  probabilities: Record<string, number> | null;
  labelled: boolean;
  /** The ground truth as the caller sent it (1, "1", true…); undefined while unlabelled. */
  actual: unknown;
};

/** What live performance is read from: the gateway's log and the registry's versions. */
export type TrafficSources = { traffic: TrafficStore; versions: VersionStore };

export function modelTaskOf(versions: VersionStore, modelName: string): Task {
  const row = versions.modelTask(modelName);
  if (!row) throw new PodiumError('NOT_FOUND', `No model named ${modelName}`, { model: modelName });
  return row.task;
}

function parseAnswer(
  json: string,
): { prediction: unknown; probabilities: Record<string, number> | null } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('prediction' in parsed)) return null;
  const answer = parsed as { prediction: unknown; probabilities?: unknown };
  let probabilities: Record<string, number> | null = null;
  if (typeof answer.probabilities === 'object' && answer.probabilities !== null) {
    probabilities = {};
    for (const [label, value] of Object.entries(answer.probabilities)) {
      if (typeof value === 'number' && Number.isFinite(value)) probabilities[label] = value;
    }
  }
  return { prediction: answer.prediction, probabilities };
}

/**
 * Successful answers (status 200 with a parseable body) of a model's versions in [from, to),
 * oldest first, each joined to its feedback. Failed requests carry no prediction to score.
 * `labelsAsOf` keeps only labels received by then, to replay what was known at that moment.
 */
export function readTraffic(
  traffic: TrafficStore,
  query: { modelName: string; versions?: readonly number[]; from: string; to: string; labelsAsOf?: string },
): LoggedPrediction[] {
  const rows = traffic.answeredRequests(query);
  const out: LoggedPrediction[] = [];
  for (const row of rows) {
    const answer = parseAnswer(row.predictionJson);
    if (!answer) continue;
    let actual: unknown;
    let labelled = false;
    if (row.actualJson !== null) {
      try {
        actual = JSON.parse(row.actualJson) as unknown;
        labelled = actual !== null && actual !== undefined;
      } catch {
        labelled = false;
      }
    }
    out.push({
      version: row.version,
      role: row.role,
      createdAtMs: Date.parse(row.createdAt),
      prediction: answer.prediction,
      probabilities: answer.probabilities,
      labelled,
      actual: labelled ? actual : undefined,
    });
  }
  return out;
}

/** The rows of one version in one window. */
export type WindowRows = { windowStartMs: number; rows: LoggedPrediction[] };

/** The traffic of one version, split into its non-empty windows in time order. */
export type VersionTraffic = { version: number; role: 'champion' | 'shadow' | null; windows: WindowRows[] };

/**
 * Groups traffic by version and window. Versions asked for by the caller appear even without
 * traffic, so a shadow that has not answered yet is visible rather than silently missing.
 * A version's role is the one of its latest row (a promoted shadow reads as champion), null
 * when it has no traffic in the range.
 */
export function groupByVersionAndWindow(
  rows: readonly LoggedPrediction[],
  window: PerformanceWindow,
  versions?: readonly number[],
): VersionTraffic[] {
  const byVersion = new Map<
    number,
    { role: 'champion' | 'shadow' | null; windows: Map<number, LoggedPrediction[]> }
  >();
  for (const version of versions ?? []) byVersion.set(version, { role: null, windows: new Map() });
  for (const row of rows) {
    let entry = byVersion.get(row.version);
    if (!entry) {
      entry = { role: row.role, windows: new Map() };
      byVersion.set(row.version, entry);
    }
    entry.role = row.role;
    const start = windowStartOf(row.createdAtMs, window);
    const bucket = entry.windows.get(start);
    if (bucket) bucket.push(row);
    else entry.windows.set(start, [row]);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, entry]) => ({
      version,
      role: entry.role,
      windows: [...entry.windows.entries()]
        .sort(([a], [b]) => a - b)
        .map(([windowStartMs, windowRows]) => ({ windowStartMs, rows: windowRows })),
    }));
}
