import type { ChampionChallengerManager } from './manager.js';
import type { LifecycleStatus } from './types.js';

/** The `status` view of one model: champion, challengers, shadow tests (with reports), decisions. */
export function lifecycleStatus(manager: ChampionChallengerManager, name: string): LifecycleStatus {
  const model = manager.versionStore.modelTask(name);
  const champion = manager.versionStore.champion(name);
  const since = champion
    ? (manager.versionStore
        .transitions(name)
        .find((t) => t.versionId === champion.id && t.toStage === 'champion')?.createdAt ?? null)
    : null;
  return {
    model: name,
    task: model?.task ?? null,
    target: model?.target ?? null,
    champion: champion
      ? { version: champion.version, model_type: champion.modelType, metrics: champion.metrics, since }
      : null,
    challengers: manager.versionStore.withStage(name, 'challenger').map((v) => ({
      version: v.version,
      model_type: v.modelType,
      metrics: v.metrics,
      created_at: v.createdAt,
    })),
    shadow_tests: manager.shadowTestStore.list(name).map((s) => ({
      ...(s.status === 'running' ? { report: manager.shadow.report(s) } : {}),
      id: s.id,
      status: s.status,
      champion_version: s.championVersion,
      challenger_version: s.challengerVersion,
      duration_days: s.durationDays,
      min_samples: s.minSamples,
      decision_id: s.decisionId,
      created_at: s.createdAt,
    })),
    decisions: manager.decisionStore.list(name).map((d) => ({
      id: d.id,
      outcome: d.outcome,
      champion_version: d.championVersion,
      challenger_version: d.challengerVersion,
      reasons: d.reasons,
      summary: d.summary,
      created_at: d.createdAt,
    })),
  };
}
