import type { Db } from '../../db/index.js';
import { prepared } from '../../db/statements.js';
import {
  aggregateMinute,
  bucketsToJson,
  MINUTE_MS,
  type MinuteRow,
  minuteStart,
  pointFromMinute,
  pointFromSample,
  type SampleRow,
} from './minute-aggregate.js';
import type { SeriesResolution, ServiceMetricsPoint, ServiceSample } from './types.js';

export type RetentionOptions = {
  /** How long raw samples are kept (default 24 h). */
  rawRetentionMs?: number;
  /** How long one-minute aggregates are kept (default 30 days). */
  minuteRetentionMs?: number;
};

export type CompactionResult = { aggregatedMinutes: number; deletedSamples: number; deletedMinutes: number };

export const DEFAULT_RAW_RETENTION_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MINUTE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** `version` of a series: a model version's service, or the model's gateway. */
export type SeriesVersion = number | 'gateway';

const KEY_COLUMNS = 'model_name, source, version';
const SAMPLE_COLUMNS = `${KEY_COLUMNS}, role, at_ms, interval_ms, up, requests, errors, client_errors,
  model_errors, p50_seconds, p95_seconds, p99_seconds, buckets_json, cpu_percent, memory_bytes`;
const MINUTE_COLUMNS = `${KEY_COLUMNS}, minute_ms, role, samples, up_samples, seconds, requests, errors,
  client_errors, model_errors, p50_seconds, p95_seconds, p99_seconds, buckets_json, cpu_percent, cpu_percent_max,
  memory_bytes, memory_bytes_max`;
const placeholders = (columns: string) =>
  columns
    .split(',')
    .map((c) => `@${c.trim()}`)
    .join(', ');

/**
 * Service health as time series in the workspace database: raw samples for the last day, one
 * minute aggregates for the last month. Compaction is idempotent and self-healing: any complete
 * minute whose stored aggregate does not cover exactly the raw samples present is recomputed,
 * and raw samples are only deleted in whole minutes, so an aggregate never loses half its input.
 */
export class ServiceMetricsStore {
  private rawRetentionMs: number;
  private minuteRetentionMs: number;
  private readonly statements;

  constructor(
    private readonly db: Db,
    options: RetentionOptions = {},
  ) {
    this.rawRetentionMs = options.rawRetentionMs ?? DEFAULT_RAW_RETENTION_MS;
    this.minuteRetentionMs = options.minuteRetentionMs ?? DEFAULT_MINUTE_RETENTION_MS;
    this.statements = {
      insertSample: prepared(
        db,
        `INSERT OR REPLACE INTO service_samples (${SAMPLE_COLUMNS}) VALUES (${placeholders(SAMPLE_COLUMNS)})`,
      ),
      upsertMinute: prepared(
        db,
        `INSERT OR REPLACE INTO service_minutes (${MINUTE_COLUMNS}) VALUES (${placeholders(MINUTE_COLUMNS)})`,
      ),
      staleMinutes: prepared(
        db,
        `SELECT r.model_name, r.source, r.version, r.minute_ms FROM (
           SELECT ${KEY_COLUMNS}, (at_ms / ${MINUTE_MS}) * ${MINUTE_MS} AS minute_ms, COUNT(*) AS n
           FROM service_samples WHERE at_ms < ?
           GROUP BY model_name, source, version, minute_ms
         ) r LEFT JOIN service_minutes m USING (model_name, source, version, minute_ms)
         WHERE m.samples IS NULL OR m.samples != r.n`,
      ),
      samplesBetween: prepared(
        db,
        `SELECT ${SAMPLE_COLUMNS} FROM service_samples
         WHERE model_name = ? AND source = ? AND version = ? AND at_ms >= ? AND at_ms <= ?
         ORDER BY at_ms`,
      ),
      minutesBetween: prepared(
        db,
        `SELECT ${MINUTE_COLUMNS} FROM service_minutes
         WHERE model_name = ? AND source = ? AND version = ? AND minute_ms >= ? AND minute_ms <= ?
         ORDER BY minute_ms`,
      ),
      deleteSamples: prepared(db, 'DELETE FROM service_samples WHERE at_ms < ?'),
      deleteMinutes: prepared(db, 'DELETE FROM service_minutes WHERE minute_ms < ?'),
    };
  }

  /** A saved retention setting: the next compaction keeps samples this long. */
  setRetention(options: RetentionOptions): void {
    this.rawRetentionMs = options.rawRetentionMs ?? this.rawRetentionMs;
    this.minuteRetentionMs = options.minuteRetentionMs ?? this.minuteRetentionMs;
  }

  /** Writes one sampling round in one transaction. */
  record(samples: readonly ServiceSample[]): void {
    if (samples.length === 0) return;
    this.db
      .transaction(() => {
        for (const sample of samples) this.statements.insertSample.run(toRow(sample));
      })
      .immediate();
  }

  /**
   * Aggregates every complete minute (before the minute `now` is in) that is missing or out of
   * date, then deletes raw samples older than the raw retention and minutes older than the
   * minute retention. Running it twice changes nothing the second time.
   */
  compact(now: Date): CompactionResult {
    const nowMs = now.getTime();
    return this.db
      .transaction(() => {
        const stale = this.statements.staleMinutes.all(minuteStart(nowMs)) as Pick<
          MinuteRow,
          'model_name' | 'source' | 'version' | 'minute_ms'
        >[];
        for (const minute of stale) {
          const rows = this.statements.samplesBetween.all(
            minute.model_name,
            minute.source,
            minute.version,
            minute.minute_ms,
            minute.minute_ms + MINUTE_MS - 1,
          ) as SampleRow[];
          this.statements.upsertMinute.run(aggregateMinute(rows, minute.minute_ms));
        }
        // Whole minutes only, and all of them complete, so each was aggregated just above.
        const deletedSamples = this.statements.deleteSamples.run(
          minuteStart(nowMs - this.rawRetentionMs),
        ).changes;
        const deletedMinutes = this.statements.deleteMinutes.run(nowMs - this.minuteRetentionMs).changes;
        return { aggregatedMinutes: stale.length, deletedSamples, deletedMinutes };
      })
      .immediate();
  }

  /**
   * Points of one target between `from` and `to` (inclusive), oldest first. Minute resolution
   * also covers minutes not compacted yet (the current one included), aggregated on the fly
   * from raw samples without writing them.
   */
  series(
    model: string,
    version: SeriesVersion,
    from: Date,
    to: Date,
    resolution: SeriesResolution,
  ): ServiceMetricsPoint[] {
    const source = version === 'gateway' ? 'gateway' : 'service';
    const number = version === 'gateway' ? 0 : version;
    const fromMs = from.getTime();
    const toMs = to.getTime();
    if (resolution === 'raw') {
      const rows = this.statements.samplesBetween.all(model, source, number, fromMs, toMs) as SampleRow[];
      return rows.map(pointFromSample);
    }
    const firstMinute = minuteStart(fromMs);
    const stored = this.statements.minutesBetween.all(
      model,
      source,
      number,
      firstMinute,
      toMs,
    ) as MinuteRow[];
    const storedMinutes = new Set(stored.map((row) => row.minute_ms));
    const raw = this.statements.samplesBetween.all(model, source, number, firstMinute, toMs) as SampleRow[];
    const pending = new Map<number, SampleRow[]>();
    for (const row of raw) {
      const minute = minuteStart(row.at_ms);
      if (storedMinutes.has(minute)) continue;
      const rows = pending.get(minute) ?? [];
      rows.push(row);
      pending.set(minute, rows);
    }
    const live = [...pending].map(([minute, rows]) => aggregateMinute(rows, minute));
    return [...stored, ...live].sort((a, b) => a.minute_ms - b.minute_ms).map(pointFromMinute);
  }

  /**
   * One target's raw samples in [from, to] summed into one reading: requests and 5xx answers
   * added up, p99 recomputed from the summed latency histogram (an average of p99s is not a
   * p99). Null when no sample was taken. What a guard watching a short span of time reads.
   */
  totals(
    model: string,
    version: SeriesVersion,
    from: Date,
    to: Date,
  ): { samples: number; requests: number | null; errors: number | null; p99Seconds: number | null } | null {
    const source = version === 'gateway' ? 'gateway' : 'service';
    const number = version === 'gateway' ? 0 : version;
    const rows = this.statements.samplesBetween.all(
      model,
      source,
      number,
      from.getTime(),
      to.getTime(),
    ) as SampleRow[];
    if (rows.length === 0) return null;
    const summed = aggregateMinute(rows, minuteStart(from.getTime()));
    return {
      samples: rows.length,
      requests: summed.requests,
      errors: summed.errors,
      p99Seconds: summed.p99_seconds,
    };
  }
}

function toRow(sample: ServiceSample): SampleRow {
  const { target } = sample;
  return {
    model_name: target.model,
    source: target.source,
    version: target.source === 'gateway' ? 0 : target.version,
    role: target.source === 'gateway' ? null : target.role,
    at_ms: sample.atMs,
    interval_ms: Math.max(0, Math.round(sample.intervalMs)),
    up: sample.up ? 1 : 0,
    requests: sample.requests,
    errors: sample.errors,
    client_errors: sample.clientErrors,
    model_errors: sample.modelErrors,
    p50_seconds: sample.p50,
    p95_seconds: sample.p95,
    p99_seconds: sample.p99,
    buckets_json: sample.buckets ? bucketsToJson(sample.buckets) : null,
    cpu_percent: sample.cpuPercent,
    memory_bytes: sample.memoryBytes === null ? null : Math.round(sample.memoryBytes),
  };
}
