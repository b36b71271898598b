import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.js';
import { PodiumError } from '../contract/errors.js';
import type { Run, RunStatus } from '../contract/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import { fromStoredPath, fromStoredPathOrNull, toStoredPath } from '../workspace/stored-path.js';

// One definition, in the contract the UI reads.
export type { Run, RunStatus } from '../contract/index.js';

export type MetricPoint = { key: string; step: number; value: number };

type RunRow = {
  id: string;
  experiment_id: number;
  experiment_name: string;
  parent_run_id: string | null;
  name: string;
  status: RunStatus;
  dataset_id: string | null;
  artifact_dir: string | null;
  error: string | null;
  started_at: string;
  ended_at: string | null;
};

/** Final metrics are stored at this step so epoch histories and results share one table. */
export const FINAL_STEP = -1;

/** Experiments, runs, params, tags and metric histories: the tracking room's repository. */
export class RunStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The workspace folder: stored paths are relative to it. */
    private readonly root: string,
  ) {}

  experimentId(name: string): number {
    const existing = prepared(this.db, 'SELECT id FROM experiments WHERE name = ?').get(name) as
      | { id: number }
      | undefined;
    if (existing) return existing.id;
    const result = prepared(this.db, 'INSERT INTO experiments (name, created_at) VALUES (?, ?)').run(
      name,
      this.clock.now().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  start(input: {
    experiment: string;
    name: string;
    parentRunId?: string | null;
    datasetId?: string | null;
    params?: Record<string, unknown>;
    tags?: Record<string, string>;
  }): string {
    const id = randomUUID();
    const experimentId = this.experimentId(input.experiment);
    this.db
      .transaction(() => {
        prepared(
          this.db,
          `INSERT INTO runs (id, experiment_id, parent_run_id, name, status, dataset_id, started_at)
           VALUES (?, ?, ?, ?, 'running', ?, ?)`,
        ).run(
          id,
          experimentId,
          input.parentRunId ?? null,
          input.name,
          input.datasetId ?? null,
          this.clock.now().toISOString(),
        );
        this.logParams(id, input.params ?? {});
        this.setTags(id, input.tags ?? {});
      })
      .immediate();
    return id;
  }

  logParams(runId: string, params: Record<string, unknown>): void {
    const insert = prepared(
      this.db,
      'INSERT OR REPLACE INTO run_params (run_id, key, value) VALUES (?, ?, ?)',
    );
    this.db
      .transaction(() => {
        for (const [key, value] of Object.entries(params)) {
          insert.run(runId, key, typeof value === 'string' ? value : JSON.stringify(value));
        }
      })
      .immediate();
  }

  setTags(runId: string, tags: Record<string, string>): void {
    const insert = prepared(this.db, 'INSERT OR REPLACE INTO run_tags (run_id, key, value) VALUES (?, ?, ?)');
    this.db
      .transaction(() => {
        for (const [key, value] of Object.entries(tags)) insert.run(runId, key, value);
      })
      .immediate();
  }

  logMetrics(runId: string, metrics: Record<string, number>, step = FINAL_STEP): void {
    const insert = prepared(
      this.db,
      'INSERT OR REPLACE INTO run_metrics (run_id, key, step, value, recorded_at) VALUES (?, ?, ?, ?, ?)',
    );
    const now = this.clock.now().toISOString();
    this.db
      .transaction(() => {
        for (const [key, value] of Object.entries(metrics)) {
          if (Number.isFinite(value)) insert.run(runId, key, step, value, now);
        }
      })
      .immediate();
  }

  logArtifact(runId: string, artifact: { path: string; kind: string; sha256: string; bytes: number }): void {
    prepared(
      this.db,
      'INSERT OR REPLACE INTO run_artifacts (run_id, path, kind, sha256, bytes) VALUES (?, ?, ?, ?, ?)',
    ).run(runId, toStoredPath(this.root, artifact.path), artifact.kind, artifact.sha256, artifact.bytes);
  }

  setArtifactDir(runId: string, dir: string): void {
    prepared(this.db, 'UPDATE runs SET artifact_dir = ? WHERE id = ?').run(
      toStoredPath(this.root, dir),
      runId,
    );
  }

  end(runId: string, status: Exclude<RunStatus, 'running'>, error?: string): void {
    prepared(this.db, 'UPDATE runs SET status = ?, error = ?, ended_at = ? WHERE id = ?').run(
      status,
      error ?? null,
      this.clock.now().toISOString(),
      runId,
    );
  }

  get(runId: string): Run {
    const row = prepared(this.db, `${RUN_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
    if (!row) throw new PodiumError('NOT_FOUND', `No run with id ${runId}`, { run_id: runId });
    return this.hydrate(row);
  }

  list(filter: { experiment?: string; parentRunId?: string | null; limit?: number } = {}): Run[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.experiment) {
      where.push('e.name = ?');
      args.push(filter.experiment);
    }
    if (filter.parentRunId === null) where.push('r.parent_run_id IS NULL');
    else if (filter.parentRunId) {
      where.push('r.parent_run_id = ?');
      args.push(filter.parentRunId);
    }
    const sql = `${RUN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?`;
    args.push(filter.limit ?? 1000);
    return (prepared(this.db, sql).all(...args) as RunRow[]).map((row) => this.hydrate(row));
  }

  metricHistory(runId: string): MetricPoint[] {
    return prepared(
      this.db,
      'SELECT key, step, value FROM run_metrics WHERE run_id = ? AND step >= 0 ORDER BY key, step',
    ).all(runId) as MetricPoint[];
  }

  has(runId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
  }

  /** Every run's id, the way doctor matches run folders to records. */
  ids(): string[] {
    return (prepared(this.db, 'SELECT id FROM runs').all() as { id: string }[]).map((row) => row.id);
  }

  /** Runs marked running, each with its last sign of life (its start or its latest metric). */
  running(): { id: string; name: string; artifactDir: string | null; lastSeen: string }[] {
    return (
      prepared(
        this.db,
        `SELECT r.id, r.name, r.artifact_dir,
           MAX(r.started_at, COALESCE((SELECT MAX(m.recorded_at) FROM run_metrics m WHERE m.run_id = r.id), '')) AS last_seen
         FROM runs r WHERE r.status = 'running'`,
      ).all() as { id: string; name: string; artifact_dir: string | null; last_seen: string }[]
    ).map((row) => ({
      id: row.id,
      name: row.name,
      artifactDir: fromStoredPathOrNull(this.root, row.artifact_dir),
      lastSeen: row.last_seen,
    }));
  }

  /**
   * A run that arrives with an imported version, under the id it had where it was trained, so
   * its lineage still names it. Params, tags and metrics follow through the usual calls.
   */
  recordImported(run: {
    id: string;
    experiment: string;
    name: string;
    status: RunStatus;
    datasetId: string | null;
    startedAt: string;
    endedAt: string;
  }): void {
    prepared(
      this.db,
      `INSERT INTO runs (id, experiment_id, parent_run_id, name, status, dataset_id, artifact_dir, error, started_at, ended_at)
       VALUES (?, ?, NULL, ?, ?, ?, NULL, NULL, ?, ?)`,
    ).run(
      run.id,
      this.experimentId(run.experiment),
      run.name,
      run.status,
      run.datasetId,
      run.startedAt,
      run.endedAt,
    );
  }

  /**
   * Finished top-level runs started before the cutoff that no registered version uses, directly
   * or through a child run: what retention may delete.
   */
  expiredRuns(startedBefore: string): { id: string; artifactDir: string | null }[] {
    return (
      prepared(
        this.db,
        `SELECT r.id, r.artifact_dir FROM runs r
         WHERE r.parent_run_id IS NULL
           AND r.status != 'running'
           AND r.started_at < ?
           AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.run_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM runs c JOIN model_versions v ON v.run_id = c.id WHERE c.parent_run_id = r.id)`,
      ).all(startedBefore) as { id: string; artifact_dir: string | null }[]
    ).map((row) => ({ id: row.id, artifactDir: fromStoredPathOrNull(this.root, row.artifact_dir) }));
  }

  /** The artifact folders of a run's child runs (a search's trials). */
  childArtifactDirs(runId: string): string[] {
    return (
      prepared(
        this.db,
        'SELECT artifact_dir FROM runs WHERE parent_run_id = ? AND artifact_dir IS NOT NULL',
      ).all(runId) as { artifact_dir: string }[]
    ).map((row) => fromStoredPath(this.root, row.artifact_dir));
  }

  /** Deletes the runs, all or none; their params, tags, metrics and child runs go with them by cascade. */
  remove(runIds: readonly string[]): void {
    const remove = prepared(this.db, 'DELETE FROM runs WHERE id = ?');
    this.db
      .transaction(() => {
        for (const id of runIds) remove.run(id);
      })
      .immediate();
  }

  private hydrate(row: RunRow): Run {
    const params = Object.fromEntries(
      (
        prepared(this.db, 'SELECT key, value FROM run_params WHERE run_id = ?').all(row.id) as {
          key: string;
          value: string;
        }[]
      ).map((p) => [p.key, p.value]),
    );
    const tags = Object.fromEntries(
      (
        prepared(this.db, 'SELECT key, value FROM run_tags WHERE run_id = ?').all(row.id) as {
          key: string;
          value: string;
        }[]
      ).map((t) => [t.key, t.value]),
    );
    const metrics = Object.fromEntries(
      (
        prepared(this.db, 'SELECT key, value FROM run_metrics WHERE run_id = ? AND step = ?').all(
          row.id,
          FINAL_STEP,
        ) as {
          key: string;
          value: number;
        }[]
      ).map((m) => [m.key, m.value]),
    );
    return {
      id: row.id,
      experimentId: row.experiment_id,
      experimentName: row.experiment_name,
      parentRunId: row.parent_run_id,
      name: row.name,
      status: row.status,
      datasetId: row.dataset_id,
      artifactDir: fromStoredPathOrNull(this.root, row.artifact_dir),
      error: row.error,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      params,
      tags,
      metrics,
    };
  }
}

const RUN_SELECT = `SELECT r.id, r.experiment_id, e.name AS experiment_name, r.parent_run_id, r.name, r.status,
  r.dataset_id, r.artifact_dir, r.error, r.started_at, r.ended_at
  FROM runs r JOIN experiments e ON e.id = r.experiment_id`;
