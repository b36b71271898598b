import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

/** A request the champion answered and the shadow answered too, with its label when one arrived. */
export type MirroredPair = {
  championPrediction: string | null;
  challengerPrediction: string | null;
  championLatencyMs: number;
  challengerLatencyMs: number;
  actualJson: string | null;
};

/** One answered request of a model version, joined to its label when one has arrived. */
export type AnsweredRequest = {
  version: number;
  role: 'champion' | 'shadow';
  predictionJson: string;
  createdAt: string;
  actualJson: string | null;
};

export type ShadowPairQuery = {
  modelName: string;
  championVersion: number;
  challengerVersion: number;
  since: string;
  /** Only pairs up to this time; null or absent for all of them. */
  until?: string | null;
};

/**
 * The prediction log and its feedback as the monitors and the shadow report read them. The
 * gateway writes both tables (PredictionLog); everything that reads them back asks here.
 */
export class TrafficStore {
  constructor(private readonly db: Db) {}

  /** Requests both the champion and this shadow answered successfully in the test's span. */
  mirroredPairs(query: ShadowPairQuery): MirroredPair[] {
    const rows = prepared(
      this.db,
      `SELECT c.prediction_json AS champion_prediction, s.prediction_json AS challenger_prediction,
              c.latency_ms AS champion_latency, s.latency_ms AS challenger_latency, f.actual_json
       FROM prediction_log c
       JOIN prediction_log s ON s.request_id = c.request_id AND s.version = ? AND s.role = 'shadow'
       LEFT JOIN feedback f ON f.request_id = c.request_id
       WHERE c.model_name = ? AND c.version = ? AND c.role = 'champion' AND c.status = 200 AND s.status = 200
         AND c.created_at >= ? AND (? IS NULL OR c.created_at <= ?)`,
    ).all(...shadowPairArgs(query)) as {
      champion_prediction: string | null;
      challenger_prediction: string | null;
      champion_latency: number;
      challenger_latency: number;
      actual_json: string | null;
    }[];
    return rows.map((row) => ({
      championPrediction: row.champion_prediction,
      challengerPrediction: row.challenger_prediction,
      championLatencyMs: row.champion_latency,
      challengerLatencyMs: row.challenger_latency,
      actualJson: row.actual_json,
    }));
  }

  /** When each of those pairs was answered, oldest first (the moments a shadow series is cut at). */
  mirroredPairTimes(query: ShadowPairQuery): string[] {
    const rows = prepared(
      this.db,
      `SELECT c.created_at AS at FROM prediction_log c
       JOIN prediction_log s ON s.request_id = c.request_id AND s.version = ? AND s.role = 'shadow'
       WHERE c.model_name = ? AND c.version = ? AND c.role = 'champion' AND c.status = 200 AND s.status = 200
         AND c.created_at >= ? AND (? IS NULL OR c.created_at <= ?)
       ORDER BY c.created_at`,
    ).all(...shadowPairArgs(query)) as { at: string }[];
    return rows.map((row) => row.at);
  }

  /** The request bodies the champion answered for this version in [from, to). */
  championRequestBodies(
    modelName: string,
    version: number,
    window: { from: string; to: string },
  ): { featuresJson: string; createdAt: string }[] {
    const rows = prepared(
      this.db,
      `SELECT features_json, created_at FROM prediction_log
       WHERE model_name = ? AND version = ? AND role = 'champion' AND features_json IS NOT NULL
         AND created_at >= ? AND created_at < ?`,
    ).all(modelName, version, window.from, window.to) as { features_json: string; created_at: string }[];
    return rows.map((row) => ({ featuresJson: row.features_json, createdAt: row.created_at }));
  }

  /** The champion's request bodies in [from, to) that have a label, oldest first. */
  labelledChampionRequests(
    modelName: string,
    window: { from: string; to: string },
  ): { featuresJson: string; createdAt: string; actualJson: string }[] {
    const rows = prepared(
      this.db,
      `SELECT c.features_json, c.created_at, f.actual_json FROM prediction_log c
       JOIN feedback f ON f.request_id = c.request_id
       WHERE c.model_name = ? AND c.role = 'champion' AND c.features_json IS NOT NULL
         AND c.created_at >= ? AND c.created_at < ?
       ORDER BY c.created_at`,
    ).all(modelName, window.from, window.to) as {
      features_json: string;
      created_at: string;
      actual_json: string;
    }[];
    return rows.map((row) => ({
      featuresJson: row.features_json,
      createdAt: row.created_at,
      actualJson: row.actual_json,
    }));
  }

  /**
   * Successful answers (status 200 with a body) of a model's versions in [from, to), oldest
   * first, each joined to its label. `labelsAsOf` keeps only labels received by then.
   */
  answeredRequests(query: {
    modelName: string;
    versions?: readonly number[];
    from: string;
    to: string;
    labelsAsOf?: string;
  }): AnsweredRequest[] {
    const rows = prepared(
      this.db,
      `SELECT p.version, p.role, p.prediction_json, p.created_at, f.actual_json
       FROM prediction_log p
       LEFT JOIN feedback f ON f.request_id = p.request_id AND (? IS NULL OR f.received_at <= ?)
       WHERE p.model_name = ? AND p.created_at >= ? AND p.created_at < ?
         AND p.status = 200 AND p.prediction_json IS NOT NULL
         AND (? IS NULL OR p.version IN (SELECT value FROM json_each(?)))
       ORDER BY p.created_at, p.rowid`,
    ).all(
      query.labelsAsOf ?? null,
      query.labelsAsOf ?? null,
      query.modelName,
      query.from,
      query.to,
      query.versions ? 1 : null,
      query.versions ? JSON.stringify(query.versions) : null,
    ) as {
      version: number;
      role: 'champion' | 'shadow';
      prediction_json: string;
      created_at: string;
      actual_json: string | null;
    }[];
    return rows.map((row) => ({
      version: row.version,
      role: row.role,
      predictionJson: row.prediction_json,
      createdAt: row.created_at,
      actualJson: row.actual_json,
    }));
  }
}

function shadowPairArgs(query: ShadowPairQuery): unknown[] {
  const until = query.until ?? null;
  return [query.challengerVersion, query.modelName, query.championVersion, query.since, until, until];
}
