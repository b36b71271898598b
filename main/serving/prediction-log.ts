import type { Clock } from '../common/clock.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

export type PredictionRecord = {
  requestId: string;
  modelName: string;
  version: number;
  role: 'champion' | 'shadow';
  /** The request body as JSON text, for the champion's row only. */
  features?: string | null;
  /** The service's answer as JSON text (prediction, probabilities…), or null when it failed. */
  prediction: string | null;
  status: number;
  latencyMs: number;
};

const COLUMNS =
  '(request_id, model_name, version, role, features_json, prediction_json, status, latency_ms, created_at)';
/** Rows per INSERT statement: one call into SQLite per chunk instead of one per row. */
const CHUNK = 50;

/**
 * Writes gateway traffic to SQLite in batches: one transaction per flush keeps the hot path
 * free of disk waits, and a crash loses at most one flush interval of log rows, never answers.
 */
export class PredictionLog {
  private buffer: PredictionRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The last flush found the database locked: wait for the timer rather than try on every row. */
  private locked = false;
  private readonly insert;
  private readonly insertChunk;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: { flushIntervalMs?: number; maxBuffered?: number } = {},
  ) {
    const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
    this.insert = db.prepare(`INSERT OR REPLACE INTO prediction_log ${COLUMNS} VALUES ${row}`);
    this.insertChunk = db.prepare(
      `INSERT OR REPLACE INTO prediction_log ${COLUMNS} VALUES ${Array(CHUNK).fill(row).join(', ')}`,
    );
  }

  add(record: PredictionRecord): void {
    this.buffer.push(record);
    if (this.buffer.length >= (this.options.maxBuffered ?? 500) && !this.locked) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushIntervalMs ?? 200);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const now = this.clock.now().toISOString();
    const values = (r: PredictionRecord) => [
      r.requestId,
      r.modelName,
      r.version,
      r.role,
      r.features ?? null,
      r.prediction,
      r.status,
      r.latencyMs,
      now,
    ];
    try {
      this.db.transaction(() => {
        let start = 0;
        for (; start + CHUNK <= batch.length; start += CHUNK) {
          const chunk: unknown[] = [];
          for (let i = start; i < start + CHUNK; i++) chunk.push(...values(batch[i]));
          this.insertChunk.run(chunk);
        }
        for (let i = start; i < batch.length; i++) this.insert.run(values(batch[i]));
      })();
      this.locked = false;
    } catch (error) {
      // The gateway's process shares the database with the Podium that steers it: when that one
      // holds the write lock past the busy timeout, these rows wait for the next flush instead
      // of being lost or crashing the gateway. Bounded, so a lock that never ends costs memory
      // only up to a limit (the oldest rows go first).
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      this.locked = true;
      const limit = (this.options.maxBuffered ?? 500) * 100;
      this.buffer = [...batch, ...this.buffer].slice(-limit);
      this.timer = setTimeout(() => this.flush(), this.options.flushIntervalMs ?? 200);
      this.timer.unref();
    }
  }

  /**
   * Whether the last flush found the database's write lock held past the busy timeout: its rows
   * are still buffered, so the database cannot yet say which requests were served.
   */
  get busy(): boolean {
    return this.locked;
  }

  /** Request ids among `ids` that the log has never seen. */
  unknownRequests(ids: string[]): string[] {
    this.flush();
    const known = prepared(this.db, 'SELECT 1 FROM prediction_log WHERE request_id = ? LIMIT 1');
    return ids.filter((id) => !known.get(id));
  }

  /** Attaches ground truth; all or nothing, so a bad batch stores none of its labels. */
  attachFeedback(items: { requestId: string; actual: unknown }[]): void {
    const upsert = prepared(
      this.db,
      'INSERT OR REPLACE INTO feedback (request_id, actual_json, received_at) VALUES (?, ?, ?)',
    );
    const now = this.clock.now().toISOString();
    this.db
      .transaction(() => {
        for (const item of items) upsert.run(item.requestId, JSON.stringify(item.actual), now);
      })
      .immediate();
  }

  close(): void {
    this.flush();
  }
}
