import type { Clock } from '../common/clock.js';
import { fromSnakeCaseDocument, toSnakeCaseDocument } from '../contract/documented-json.js';
import type { Decision, DecisionOutcome } from '../contract/index.js';
import { DecisionSchema, DecisionThresholdsSchema, decisionDocument } from '../contract/schemas/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

/** A stored decision with its evidence; its shape is the contract's, so the UI shows it as stored. */
export type DecisionRecord = Decision;

export type NewDecision = Omit<
  DecisionRecord,
  'id' | 'createdAt' | 'championVersion' | 'challengerVersion'
> & {
  championVersionId: number | null;
  challengerVersionId: number | null;
};

type DecisionRow = {
  id: number;
  model_name: string;
  outcome: DecisionOutcome;
  champion_version: number | null;
  challenger_version: number | null;
  champion_version_id: number | null;
  challenger_version_id: number | null;
  evaluation_dataset_id: string | null;
  evaluation_rows: number | null;
  metrics_json: string;
  thresholds_json: string;
  reasons_json: string;
  summary: string;
  actor: string;
  created_at: string;
};

/** Every decision is stored with its evidence, so "why is this the champion?" always has an answer. */
export class DecisionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  insert(decision: NewDecision): number {
    const result = prepared(
      this.db,
      `INSERT INTO decisions (model_name, outcome, champion_version_id, challenger_version_id, evaluation_dataset_id,
           evaluation_rows, metrics_json, thresholds_json, reasons_json, summary, actor, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      decision.modelName,
      decision.outcome,
      decision.championVersionId,
      decision.challengerVersionId,
      decision.evaluationDatasetId,
      decision.evaluationRows,
      // The evidence in the form it has always been stored in (contract/documented-json.ts).
      storedMetrics(decision),
      JSON.stringify(toSnakeCaseDocument(DecisionThresholdsSchema, decision.thresholds)),
      JSON.stringify(decision.reasons),
      decision.summary,
      decision.actor,
      this.clock.now().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  /**
   * The model's latest decision when it is the same evaluation as `decision` (same champion,
   * challenger, dataset, outcome and metrics): evaluating twice returns it instead of a copy.
   */
  latestIdenticalTo(decision: NewDecision): DecisionRecord | null {
    const row = prepared(this.db, `${SELECT} WHERE d.model_name = ? ORDER BY d.id DESC LIMIT 1`).get(
      decision.modelName,
    ) as DecisionRow | undefined;
    if (!row) return null;
    const same =
      row.outcome === decision.outcome &&
      row.champion_version_id === decision.championVersionId &&
      row.challenger_version_id === decision.challengerVersionId &&
      row.evaluation_dataset_id === decision.evaluationDatasetId &&
      row.metrics_json === storedMetrics(decision);
    return same ? toRecord(row) : null;
  }

  list(modelName: string, limit = 50): DecisionRecord[] {
    return (
      prepared(this.db, `${SELECT} WHERE d.model_name = ? ORDER BY d.id DESC LIMIT ?`).all(
        modelName,
        limit,
      ) as DecisionRow[]
    ).map(toRecord);
  }

  get(id: number): DecisionRecord | null {
    const row = prepared(this.db, `${SELECT} WHERE d.id = ?`).get(id) as DecisionRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Ids of decisions awaiting approval that no approver has answered yet, oldest first. */
  unansweredApprovalRequests(): number[] {
    return (
      prepared(
        this.db,
        `SELECT d.id FROM decisions d LEFT JOIN approvals a ON a.decision_id = d.id
         WHERE d.outcome = 'awaiting_approval' AND a.decision_id IS NULL ORDER BY d.id`,
      ).all() as { id: number }[]
    ).map((row) => row.id);
  }

  /** The unanswered request to promote this challenger over this champion (null: no champion), if one exists. */
  unansweredApprovalRequestFor(challengerVersionId: number, championVersionId: number | null): number | null {
    const row = prepared(
      this.db,
      `SELECT d.id FROM decisions d LEFT JOIN approvals a ON a.decision_id = d.id
       WHERE d.outcome = 'awaiting_approval' AND d.challenger_version_id = ? AND a.decision_id IS NULL
         AND d.champion_version_id IS ?`,
    ).get(challengerVersionId, championVersionId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** The decisions that name a version, as champion or challenger, oldest first. */
  naming(versionId: number): {
    id: number;
    outcome: DecisionOutcome;
    summary: string;
    createdAt: string;
    role: 'champion' | 'challenger';
  }[] {
    return (
      prepared(
        this.db,
        `SELECT id, outcome, summary, created_at,
           CASE WHEN champion_version_id = ? THEN 'champion' ELSE 'challenger' END AS role
         FROM decisions WHERE champion_version_id = ? OR challenger_version_id = ? ORDER BY id`,
      ).all(versionId, versionId, versionId) as {
        id: number;
        outcome: DecisionOutcome;
        summary: string;
        created_at: string;
        role: 'champion' | 'challenger';
      }[]
    ).map(({ created_at, ...rest }) => ({ ...rest, createdAt: created_at }));
  }
}

const SELECT = `SELECT d.*, champion.version AS champion_version, challenger.version AS challenger_version
  FROM decisions d
  LEFT JOIN model_versions champion ON champion.id = d.champion_version_id
  LEFT JOIN model_versions challenger ON challenger.id = d.challenger_version_id`;

/** The evidence as the table keeps it: the snake_case of the documented JSON. */
function storedMetrics(decision: NewDecision): string {
  return JSON.stringify(
    toSnakeCaseDocument(DecisionSchema.shape.metrics, decision.metrics, decisionDocument),
  );
}

function toRecord(row: DecisionRow): DecisionRecord {
  return {
    id: row.id,
    modelName: row.model_name,
    outcome: row.outcome,
    championVersion: row.champion_version,
    challengerVersion: row.challenger_version,
    evaluationDatasetId: row.evaluation_dataset_id,
    evaluationRows: row.evaluation_rows,
    metrics: fromSnakeCaseDocument(
      DecisionSchema.shape.metrics,
      JSON.parse(row.metrics_json),
      decisionDocument,
    ),
    thresholds: fromSnakeCaseDocument(DecisionThresholdsSchema, JSON.parse(row.thresholds_json)),
    reasons: JSON.parse(row.reasons_json) as string[],
    summary: row.summary,
    actor: row.actor,
    createdAt: row.created_at,
  };
}
