import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metricText } from '../common/metric-text.js';
import { PodiumError } from '../contract/errors.js';
import { type DatasetStore, loadTable } from '../data/index.js';
import { MODEL_CONFIG_FILE, type ModelVersion, type VersionStore, verifyPackage } from '../registry/index.js';
import { heldOutRows, loadPredictor, parseModelConfig, splitRows } from '../training/index.js';
import type { Workspace } from '../workspace/index.js';
import { approvalHint, gatedOutcome } from './approval-gate.js';
import type { AuditLog } from './audit-log.js';
import { decide } from './decide.js';
import type { DecisionRecord, DecisionStore, NewDecision } from './decision-store.js';
import type { ShadowTestStore } from './shadow-test-store.js';

export type EvaluationContext = {
  workspace: Workspace;
  versions: VersionStore;
  datasets: DatasetStore;
  decisions: DecisionStore;
  shadowTests: ShadowTestStore;
  audit: AuditLog;
};

/**
 * Scores a challenger and the champion on the same held-out rows of the newest data (the
 * challenger's own test split, which it never saw) and records the decision, with its effects
 * on the registry and a pending shadow test, in one transaction. The first model of a name
 * becomes champion.
 */
export async function evaluateChallenger(
  context: EvaluationContext,
  challenger: ModelVersion,
  actor: string,
): Promise<DecisionRecord> {
  const settings = context.workspace.config.champion_challenger;
  if (challenger.stage === 'champion') {
    throw new PodiumError(
      'CONFLICT',
      `${challenger.modelName} v${challenger.version} is already the champion`,
      {
        model: challenger.modelName,
        version: challenger.version,
      },
    );
  }
  // Evaluating again, e.g. a retry after a crash that came after the commit, must not record a
  // second decision over a version whose open shadow test already decides it.
  const open = context.shadowTests
    .list(challenger.modelName, { openOnly: true })
    .find((test) => test.challengerVersion === challenger.version);
  if (open) {
    throw new PodiumError(
      'CONFLICT',
      `${challenger.modelName} v${challenger.version} is already in shadow test #${open.id} (${open.status}), which decides it; to evaluate it again, stop the test first (podium shadow stop ${challenger.version})`,
      { model: challenger.modelName, version: challenger.version, shadow_test: open.id },
    );
  }
  const model = context.versions.modelTask(challenger.modelName)!;
  const champion = context.versions.champion(challenger.modelName);
  const db = context.workspace.db;

  const { audit } = context;

  if (!champion) {
    const outcome = gatedOutcome(context.workspace, 'promote');
    const summary =
      outcome === 'promote'
        ? `${challenger.modelName} has no champion yet: v${challenger.version} becomes the first champion.`
        : `${challenger.modelName} has no champion yet: v${challenger.version} would become the first champion. ${approvalHint(context.workspace)}`;
    const decisionId = db
      .transaction(() => {
        const decision: NewDecision = {
          modelName: challenger.modelName,
          outcome,
          championVersionId: null,
          challengerVersionId: challenger.id,
          evaluationDatasetId: challenger.datasetId,
          evaluationRows: null,
          metrics: { champion: null, challenger: challenger.metrics, comparisons: [], primaryMetric: null },
          thresholds: { championThreshold: settings.champion_threshold },
          reasons: [summary, `Its held-out metrics: ${describeMetrics(challenger.metrics)}.`],
          summary,
          actor,
        };
        const same = context.decisions.latestIdenticalTo(decision);
        if (same) return same.id;
        const id = context.decisions.insert(decision);
        if (outcome === 'promote')
          context.versions.promote(challenger.id, { actor, reason: summary, decisionId: id });
        audit.record({
          action: outcome === 'promote' ? 'promote' : 'promotion_requested',
          modelName: challenger.modelName,
          fromVersion: null,
          toVersion: challenger.version,
          decisionId: id,
          actor,
          reason: summary,
        });
        return id;
      })
      .immediate();
    return context.decisions.get(decisionId)!;
  }

  // Both models are scored on the same held-out rows of the newest data: the challenger's
  // own test split, which it never saw in training.
  const dataset = context.datasets.get(challenger.datasetId);
  if (!dataset)
    throw new PodiumError(
      'NOT_FOUND',
      `Dataset ${challenger.datasetId} of v${challenger.version} is missing`,
    );
  await verifyPackage(challenger.packagePath, challenger.packageSha256);
  await verifyPackage(champion.packagePath, champion.packageSha256);
  const challengerConfig = parseModelConfig(
    await readFile(join(challenger.packagePath, MODEL_CONFIG_FILE), 'utf8'),
    join(challenger.packagePath, MODEL_CONFIG_FILE),
  );
  const table = await loadTable(dataset.path, dataset.profile, dataset.dialect);
  const holdout = heldOutRows(splitRows(table, challengerConfig.preprocessing.split, challengerConfig.seed));
  const [championPredictor, challengerPredictor] = await Promise.all([
    loadPredictor(champion.packagePath),
    loadPredictor(challenger.packagePath),
  ]);
  const championScore = await championPredictor.scoreTable(table, holdout);
  const challengerScore = await challengerPredictor.scoreTable(table, holdout);
  championPredictor.dispose?.();
  challengerPredictor.dispose?.();

  const decided = decide({
    task: model.task,
    champion: championScore.values,
    challenger: challengerScore.values,
    settings,
  });
  const outcome = gatedOutcome(context.workspace, decided.outcome);
  const verdict =
    outcome === decided.outcome
      ? decided
      : {
          ...decided,
          outcome,
          summary: `${decided.summary} ${approvalHint(context.workspace)}`,
          reasons: [...decided.reasons, approvalHint(context.workspace)],
        };
  const reasons = [
    `Scored on the same ${holdout.length} held-out rows of dataset ${dataset.id.slice(0, 12)} (${dataset.sourceName}).`,
    ...verdict.reasons,
  ];
  const decisionId = db
    .transaction(() => {
      const decision: NewDecision = {
        modelName: challenger.modelName,
        outcome: verdict.outcome,
        championVersionId: champion.id,
        challengerVersionId: challenger.id,
        evaluationDatasetId: dataset.id,
        evaluationRows: holdout.length,
        metrics: {
          champion: championScore.values,
          challenger: challengerScore.values,
          comparisons: verdict.comparisons,
          primaryMetric: verdict.primaryMetric,
        },
        thresholds: verdict.thresholds,
        reasons,
        summary: verdict.summary,
        actor,
      };
      // The same evaluation again (same models, data and metrics): its decision already stands.
      const same = context.decisions.latestIdenticalTo(decision);
      if (same) return same.id;
      const id = context.decisions.insert(decision);
      const cause = { actor, reason: verdict.summary, decisionId: id };
      if (verdict.outcome === 'promote' || verdict.outcome === 'awaiting_approval') {
        audit.record({
          action: verdict.outcome === 'promote' ? 'promote' : 'promotion_requested',
          modelName: challenger.modelName,
          fromVersion: champion.version,
          toVersion: challenger.version,
          decisionId: id,
          actor,
          reason: verdict.summary,
        });
      }
      if (verdict.outcome === 'promote') context.versions.promote(challenger.id, cause);
      else if (verdict.outcome === 'keep_champion')
        context.versions.setStage(challenger.id, 'archived', cause);
      else if (verdict.outcome === 'start_shadow') {
        context.shadowTests.createPending({
          modelName: challenger.modelName,
          championVersionId: champion.id,
          challengerVersionId: challenger.id,
          decisionId: id,
          durationDays: settings.shadow_mode_duration,
          minSamples: settings.shadow_min_samples,
        });
      }
      return id;
    })
    .immediate();
  context.workspace.logger.info({ decision: decisionId, outcome: verdict.outcome }, 'decision recorded');
  return context.decisions.get(decisionId)!;
}

function describeMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([key, value]) => `${key} ${metricText(value)}`)
    .join(', ');
}
