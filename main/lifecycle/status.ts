import type { ModelOverview } from '../contract/index.js';
import { lifecycleStatusView } from '../contract/status-view.js';
import type { ChampionChallengerManager } from './manager.js';
import type { LifecycleStatus } from './types.js';

/** A model's task, champion (and since when) and challengers: the head of its overview and status. */
export function modelSummary(
  manager: ChampionChallengerManager,
  name: string,
): Omit<ModelOverview, 'shadowTests'> {
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
      ? { version: champion.version, modelType: champion.modelType, metrics: champion.metrics, since }
      : null,
    challengers: manager.versionStore.withStage(name, 'challenger').map((v) => ({
      version: v.version,
      modelType: v.modelType,
      metrics: v.metrics,
      createdAt: v.createdAt,
    })),
  };
}

/** One model's lifecycle in full: its summary, every shadow test (a report for running ones, as of now), its decisions. */
export function modelLifecycle(manager: ChampionChallengerManager, name: string) {
  return {
    ...modelSummary(manager, name),
    shadowTests: manager.shadowTestStore
      .list(name)
      .map((test) => ({ ...test, report: test.status === 'running' ? manager.shadow.report(test) : null })),
    decisions: manager.decisionStore.list(name),
  };
}

/** The `status` view of one model: champion, challengers, shadow tests (with reports), decisions. */
export function lifecycleStatus(manager: ChampionChallengerManager, name: string): LifecycleStatus {
  return lifecycleStatusView(modelLifecycle(manager, name));
}
