import type { Clock } from '../common/clock.js';
import type { ShadowTest, ShadowTestStatus } from '../contract/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

export type { ShadowTestStatus } from '../contract/index.js';
export type ShadowTestRecord = ShadowTest;

type ShadowRow = {
  id: number;
  model_name: string;
  champion_version: number;
  challenger_version: number;
  status: ShadowTestStatus;
  decision_id: number;
  duration_days: number;
  min_samples: number;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
};

/** Shadow tests as records; a `start_shadow` decision creates one in `pending` until services run it. */
export class ShadowTestStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  createPending(input: {
    modelName: string;
    championVersionId: number;
    challengerVersionId: number;
    decisionId: number;
    durationDays: number;
    minSamples: number;
  }): number {
    const result = prepared(
      this.db,
      `INSERT INTO shadow_tests (model_name, champion_version_id, challenger_version_id, status, decision_id,
           duration_days, min_samples, created_at)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)`,
    ).run(
      input.modelName,
      input.championVersionId,
      input.challengerVersionId,
      input.decisionId,
      input.durationDays,
      input.minSamples,
      this.clock.now().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  list(modelName: string, options: { openOnly?: boolean } = {}): ShadowTestRecord[] {
    const filter = options.openOnly ? "AND s.status IN ('pending', 'running')" : '';
    return this.select(`s.model_name = ? ${filter}`, modelName);
  }

  get(id: number): ShadowTestRecord | null {
    return this.select('s.id = ?', id)[0] ?? null;
  }

  private select(where: string, arg: string | number): ShadowTestRecord[] {
    return (
      prepared(
        this.db,
        `SELECT s.*, champion.version AS champion_version, challenger.version AS challenger_version
           FROM shadow_tests s
           JOIN model_versions champion ON champion.id = s.champion_version_id
           JOIN model_versions challenger ON challenger.id = s.challenger_version_id
           WHERE ${where} ORDER BY s.id DESC`,
      ).all(arg) as ShadowRow[]
    ).map((row) => ({
      id: row.id,
      modelName: row.model_name,
      championVersion: row.champion_version,
      challengerVersion: row.challenger_version,
      status: row.status,
      decisionId: row.decision_id,
      durationDays: row.duration_days,
      minSamples: row.min_samples,
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
    }));
  }

  /** A running test: from a pending `start_shadow` decision, or started by hand. */
  activate(id: number): void {
    prepared(
      this.db,
      "UPDATE shadow_tests SET status = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'pending'",
    ).run(this.clock.now().toISOString(), id);
  }

  createRunning(input: Parameters<ShadowTestStore['createPending']>[0]): number {
    const id = this.createPending(input);
    this.activate(id);
    return id;
  }

  finish(id: number, status: 'completed' | 'stopped'): void {
    prepared(
      this.db,
      "UPDATE shadow_tests SET status = ?, ended_at = ? WHERE id = ? AND status IN ('pending', 'running')",
    ).run(status, this.clock.now().toISOString(), id);
  }
}
