import type { Clock } from '../common/clock.js';
import { PodiumError } from '../contract/errors.js';
import type { ModelSummary, ModelVersion, Stage, Transition } from '../contract/index.js';
import { hasSchemaObject } from '../db/database-checks.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import type { Task } from '../training/types.js';
import { recordLifecycleEvent } from '../workspace/lifecycle-event-store.js';
import { fromStoredPath, toStoredPath } from '../workspace/stored-path.js';

// One definition, in the contract the UI reads.
export type { ModelSummary, ModelVersion, Stage, Transition } from '../contract/index.js';

export type TransitionCause = { actor: string; reason: string; decisionId?: number | null };

type VersionRow = {
  id: number;
  model_name: string;
  version: number;
  stage: Stage;
  run_id: string;
  dataset_id: string;
  model_type: string;
  package_path: string;
  package_sha256: string;
  metrics_json: string;
  created_at: string;
};

function toVersion(row: VersionRow, root: string): ModelVersion {
  return {
    id: row.id,
    modelName: row.model_name,
    version: row.version,
    stage: row.stage,
    runId: row.run_id,
    datasetId: row.dataset_id,
    modelType: row.model_type,
    packagePath: fromStoredPath(root, row.package_path),
    packageSha256: row.package_sha256,
    metrics: JSON.parse(row.metrics_json) as Record<string, number>,
    createdAt: row.created_at,
  };
}

/** The partial unique index of migration 0001 that allows one champion per model. */
const ONE_CHAMPION_INDEX = 'one_champion_per_model';

/**
 * Model versions and their aliases (stages). Every stage change is recorded as a transition
 * with actor, reason and time, in the same transaction as the change.
 */
export class VersionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The workspace folder: stored paths are relative to it. */
    private readonly root: string,
  ) {}

  ensureModel(name: string, task: Task, target: string): void {
    const existing = prepared(this.db, 'SELECT task, target FROM models WHERE name = ?').get(name) as
      | { task: Task; target: string }
      | undefined;
    if (!existing) {
      prepared(this.db, 'INSERT INTO models (name, task, target, created_at) VALUES (?, ?, ?, ?)').run(
        name,
        task,
        target,
        this.clock.now().toISOString(),
      );
      return;
    }
    if (existing.task !== task || existing.target !== target) {
      throw new PodiumError(
        'CONFLICT',
        `Model ${name} predicts ${existing.target} (${existing.task}); this run predicts ${target} (${task}). Use another --model name.`,
        { model: name, expected: existing, got: { task, target } },
      );
    }
  }

  nextVersionNumber(modelName: string): number {
    const row = prepared(this.db, 'SELECT MAX(version) AS v FROM model_versions WHERE model_name = ?').get(
      modelName,
    ) as {
      v: number | null;
    };
    return (row.v ?? 0) + 1;
  }

  insert(input: Omit<ModelVersion, 'id' | 'createdAt' | 'stage'>, cause: TransitionCause): ModelVersion {
    return this.db
      .transaction(() => {
        const now = this.clock.now().toISOString();
        const result = prepared(
          this.db,
          `INSERT INTO model_versions (model_name, version, stage, run_id, dataset_id, model_type, package_path,
             package_sha256, metrics_json, created_at)
           VALUES (?, ?, 'none', ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          input.modelName,
          input.version,
          input.runId,
          input.datasetId,
          input.modelType,
          toStoredPath(this.root, input.packagePath),
          input.packageSha256,
          JSON.stringify(input.metrics),
          now,
        );
        const id = Number(result.lastInsertRowid);
        this.recordTransition(id, 'none', 'none', { ...cause, reason: `registered: ${cause.reason}` });
        recordLifecycleEvent(this.db, this.clock, {
          type: 'model_version.registered',
          modelName: input.modelName,
          data: {
            version: input.version,
            model_type: input.modelType,
            run_id: input.runId,
            dataset_id: input.datasetId,
            package_sha256: input.packageSha256,
            metrics: input.metrics,
            actor: cause.actor,
          },
        });
        return this.byId(id);
      })
      .immediate();
  }

  byId(id: number): ModelVersion {
    const row = prepared(this.db, 'SELECT * FROM model_versions WHERE id = ?').get(id) as
      | VersionRow
      | undefined;
    if (!row) throw new PodiumError('NOT_FOUND', `No model version with id ${id}`, { version_id: id });
    return toVersion(row, this.root);
  }

  get(modelName: string, version: number): ModelVersion {
    const row = prepared(this.db, 'SELECT * FROM model_versions WHERE model_name = ? AND version = ?').get(
      modelName,
      version,
    ) as VersionRow | undefined;
    if (!row) {
      const known = this.list(modelName).map((v) => v.version);
      throw new PodiumError(
        'NOT_FOUND',
        `Model ${modelName} has no version ${version}${known.length ? ` (versions: ${known.join(', ')})` : ' (no versions yet)'}`,
        { model: modelName, version },
      );
    }
    return toVersion(row, this.root);
  }

  champion(modelName: string): ModelVersion | null {
    const row = prepared(
      this.db,
      "SELECT * FROM model_versions WHERE model_name = ? AND stage = 'champion'",
    ).get(modelName) as VersionRow | undefined;
    return row ? toVersion(row, this.root) : null;
  }

  withStage(modelName: string, stage: Stage): ModelVersion[] {
    return (
      prepared(
        this.db,
        'SELECT * FROM model_versions WHERE model_name = ? AND stage = ? ORDER BY version DESC',
      ).all(modelName, stage) as VersionRow[]
    ).map((row) => toVersion(row, this.root));
  }

  list(modelName?: string): ModelVersion[] {
    const rows = modelName
      ? prepared(this.db, 'SELECT * FROM model_versions WHERE model_name = ? ORDER BY version DESC').all(
          modelName,
        )
      : prepared(this.db, 'SELECT * FROM model_versions ORDER BY model_name, version DESC').all();
    return (rows as VersionRow[]).map((row) => toVersion(row, this.root));
  }

  models(): ModelSummary[] {
    const rows = prepared(
      this.db,
      `SELECT m.name, m.task, m.target, m.created_at,
           (SELECT COUNT(*) FROM model_versions v WHERE v.model_name = m.name) AS versions,
           (SELECT v.version FROM model_versions v WHERE v.model_name = m.name AND v.stage = 'champion') AS champion
         FROM models m ORDER BY m.name`,
    ).all() as {
      name: string;
      task: Task;
      target: string;
      created_at: string;
      versions: number;
      champion: number | null;
    }[];
    return rows.map((row) => ({
      name: row.name,
      task: row.task,
      target: row.target,
      versions: row.versions,
      championVersion: row.champion,
      createdAt: row.created_at,
    }));
  }

  modelTask(modelName: string): { task: Task; target: string } | null {
    return (
      (prepared(this.db, 'SELECT task, target FROM models WHERE name = ?').get(modelName) as
        | { task: Task; target: string }
        | undefined) ?? null
    );
  }

  /** How many versions the registry holds, of every model and stage. */
  count(): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM model_versions').get() as { n: number }).n;
  }

  /** Models with more than one champion, which only a missing one-champion index lets happen. */
  championConflicts(): { modelName: string; versions: string }[] {
    return (
      prepared(
        this.db,
        `SELECT model_name, GROUP_CONCAT(version) AS versions FROM model_versions
         WHERE stage = 'champion' GROUP BY model_name HAVING COUNT(*) > 1`,
      ).all() as { model_name: string; versions: string }[]
    ).map((row) => ({ modelName: row.model_name, versions: row.versions }));
  }

  /** Whether the database itself refuses a second champion (the partial unique index exists). */
  enforcesOneChampion(): boolean {
    return hasSchemaObject(this.db, 'index', ONE_CHAMPION_INDEX);
  }

  /** Recreates the one-champion index; it fails if two champions exist, so resolve those first. */
  restoreOneChampionRule(): void {
    this.db.exec(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${ONE_CHAMPION_INDEX} ON model_versions(model_name) WHERE stage = 'champion'`,
    );
  }

  /** Moves a version to another stage (not to champion: use promote). */
  setStage(versionId: number, toStage: Exclude<Stage, 'champion'>, cause: TransitionCause): void {
    this.db
      .transaction(() => {
        const version = this.byId(versionId);
        if (version.stage === toStage) return;
        prepared(this.db, 'UPDATE model_versions SET stage = ? WHERE id = ?').run(toStage, versionId);
        this.recordTransition(versionId, version.stage, toStage, cause);
      })
      .immediate();
  }

  /**
   * Makes a version the champion in one transaction: the current champion is archived first,
   * and the partial unique index guarantees no moment with two champions is ever committed.
   */
  promote(versionId: number, cause: TransitionCause): { previousChampion: ModelVersion | null } {
    return this.db
      .transaction(() => {
        const version = this.byId(versionId);
        const previous = this.champion(version.modelName);
        if (previous?.id === versionId) return { previousChampion: null };
        if (previous) {
          prepared(this.db, "UPDATE model_versions SET stage = 'archived' WHERE id = ?").run(previous.id);
          this.recordTransition(previous.id, 'champion', 'archived', cause);
        }
        prepared(this.db, "UPDATE model_versions SET stage = 'champion' WHERE id = ?").run(versionId);
        this.recordTransition(versionId, version.stage, 'champion', cause);
        return { previousChampion: previous };
      })
      .immediate();
  }

  transitions(modelName: string): Transition[] {
    return (
      prepared(
        this.db,
        `SELECT t.*, v.version FROM transitions t JOIN model_versions v ON v.id = t.version_id
           WHERE v.model_name = ? ORDER BY t.id DESC`,
      ).all(modelName) as {
        id: number;
        version_id: number;
        version: number;
        from_stage: Stage;
        to_stage: Stage;
        actor: string;
        reason: string;
        decision_id: number | null;
        created_at: string;
      }[]
    ).map((row) => ({
      id: row.id,
      versionId: row.version_id,
      version: row.version,
      fromStage: row.from_stage,
      toStage: row.to_stage,
      actor: row.actor,
      reason: row.reason,
      decisionId: row.decision_id,
      createdAt: row.created_at,
    }));
  }

  private recordTransition(versionId: number, from: Stage, to: Stage, cause: TransitionCause): void {
    prepared(
      this.db,
      `INSERT INTO transitions (version_id, from_stage, to_stage, actor, reason, decision_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      versionId,
      from,
      to,
      cause.actor,
      cause.reason,
      cause.decisionId ?? null,
      this.clock.now().toISOString(),
    );
    if (from === to) return;
    const version = this.byId(versionId);
    recordLifecycleEvent(this.db, this.clock, {
      type: 'model_version.stage_changed',
      modelName: version.modelName,
      data: {
        version: version.version,
        from_stage: from,
        to_stage: to,
        actor: cause.actor,
        reason: cause.reason,
        decision_id: cause.decisionId ?? null,
      },
    });
  }
}
