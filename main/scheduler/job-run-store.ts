import type { Clock } from '../common/clock.js';
import { fromSnakeCaseDocument, toSnakeCaseDocument } from '../contract/documented-json.js';
import { PodiumError, type PodiumErrorData } from '../contract/errors.js';
import { JobRunSummarySchema } from '../contract/schemas/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import type { JobRunOutcome, JobRunRecord, JobTrigger } from './types.js';

type JobRunRow = {
  id: number;
  job: string;
  triggered_by: JobTrigger;
  scheduled_for: string | null;
  owner: string;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  outcome: JobRunOutcome;
  error: string | null;
  summary_json: string | null;
};

export type JobHistory = {
  /** Latest fire time answered by a run that was not skipped (running, succeeded or failed). */
  lastHandledFire: Date | null;
  /** Start of the latest successful run, whatever triggered it. */
  lastSucceededAt: Date | null;
  /** Whether the job has ever been run or tried here. */
  hasRuns: boolean;
};

/** The history of every job run: what ran, when, for which fire time, how it ended and why. */
export class JobRunStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  start(input: { job: string; trigger: JobTrigger; scheduledFor: Date | null; owner: string }): number {
    const result = prepared(
      this.db,
      `INSERT INTO job_runs (job, triggered_by, scheduled_for, owner, started_at, outcome)
         VALUES (?, ?, ?, ?, ?, 'running')`,
    ).run(
      input.job,
      input.trigger,
      input.scheduledFor?.toISOString() ?? null,
      input.owner,
      this.clock.now().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  finish(
    id: number,
    result: {
      outcome: Exclude<JobRunOutcome, 'running'>;
      error?: PodiumErrorData | null;
      summary?: JobRunRecord['summary'];
    },
  ): JobRunRecord {
    const run = this.require(id);
    const endedAt = this.clock.now();
    prepared(
      this.db,
      'UPDATE job_runs SET ended_at = ?, duration_ms = ?, outcome = ?, error = ?, summary_json = ? WHERE id = ?',
    ).run(
      endedAt.toISOString(),
      Math.max(0, endedAt.getTime() - Date.parse(run.startedAt)),
      result.outcome,
      result.error ? JSON.stringify(result.error) : null,
      // In the snake_case it has always been stored in (contract/documented-json.ts).
      result.summary ? JSON.stringify(toSnakeCaseDocument(JobRunSummarySchema, result.summary)) : null,
      id,
    );
    return this.require(id);
  }

  /**
   * Runs still marked running whose owner holds no live lease died with them (a crash or a
   * kill): they are closed as failed so the history does not show them running for ever.
   */
  closeAbandoned(liveOwners: string[]): number {
    const now = this.clock.now().toISOString();
    const placeholders = liveOwners.map(() => '?').join(', ');
    return prepared(
      this.db,
      `UPDATE job_runs SET outcome = 'failed', ended_at = ?, error = ?
         WHERE outcome = 'running' ${liveOwners.length > 0 ? `AND owner NOT IN (${placeholders})` : ''}`,
    ).run(
      now,
      JSON.stringify({
        code: 'CANCELLED',
        message: 'Abandoned: its process stopped before the run ended, and its lease expired.',
      }),
      ...liveOwners,
    ).changes;
  }

  history(job: string): JobHistory {
    const row = prepared(
      this.db,
      `SELECT
           (SELECT MAX(scheduled_for) FROM job_runs WHERE job = @job AND outcome != 'skipped') AS handled,
           (SELECT MAX(started_at) FROM job_runs WHERE job = @job AND outcome = 'succeeded') AS succeeded,
           EXISTS (SELECT 1 FROM job_runs WHERE job = @job) AS has_runs`,
    ).get({ job }) as { handled: string | null; succeeded: string | null; has_runs: number };
    return {
      lastHandledFire: row.handled ? new Date(row.handled) : null,
      lastSucceededAt: row.succeeded ? new Date(row.succeeded) : null,
      hasRuns: row.has_runs === 1,
    };
  }

  get(id: number): JobRunRecord | null {
    const row = prepared(this.db, 'SELECT * FROM job_runs WHERE id = ?').get(id) as JobRunRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(options: { job?: string; limit?: number } = {}): JobRunRecord[] {
    const rows = (
      options.job === undefined
        ? prepared(this.db, 'SELECT * FROM job_runs ORDER BY id DESC LIMIT ?').all(options.limit ?? 100)
        : prepared(this.db, 'SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?').all(
            options.job,
            options.limit ?? 100,
          )
    ) as JobRunRow[];
    return rows.map(toRecord);
  }

  /** Drops finished runs that started before the cutoff. */
  prune(before: Date): number {
    return prepared(this.db, "DELETE FROM job_runs WHERE outcome != 'running' AND started_at < ?").run(
      before.toISOString(),
    ).changes;
  }

  private require(id: number): JobRunRecord {
    const run = this.get(id);
    if (!run) throw new PodiumError('NOT_FOUND', `No job run #${id}.`, { id });
    return run;
  }
}

function toRecord(row: JobRunRow): JobRunRecord {
  return {
    id: row.id,
    job: row.job,
    trigger: row.triggered_by,
    scheduledFor: row.scheduled_for,
    owner: row.owner,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    error: row.error ? (JSON.parse(row.error) as PodiumErrorData) : null,
    summary: row.summary_json
      ? fromSnakeCaseDocument(JobRunSummarySchema, JSON.parse(row.summary_json))
      : null,
  };
}
