import type { ModelOverview } from '../contract/index.js';
import { lifecycleStatusView } from '../contract/status-view.js';
import type { VersionStore } from '../registry/index.js';
import type { DecisionStore } from './decision-store.js';
import type { ShadowTestStore } from './shadow-test-store.js';
import type { ShadowTestService } from './shadow-tests.js';
import type { LifecycleStatus } from './types.js';

/** What a model's lifecycle is read from: its versions, shadow tests and decisions, and the tests' reports. */
export type StatusSources = {
  stores: { versions: VersionStore; shadowTests: ShadowTestStore; decisions: DecisionStore };
  shadow: Pick<ShadowTestService, 'report'>;
};

/** A model's task, champion (and since when) and challengers: the head of its overview and status. */
export function modelSummary(versions: VersionStore, name: string): Omit<ModelOverview, 'shadowTests'> {
  const model = versions.modelTask(name);
  const champion = versions.champion(name);
  const since = champion
    ? (versions.transitions(name).find((t) => t.versionId === champion.id && t.toStage === 'champion')
        ?.createdAt ?? null)
    : null;
  return {
    model: name,
    task: model?.task ?? null,
    target: model?.target ?? null,
    champion: champion
      ? { version: champion.version, modelType: champion.modelType, metrics: champion.metrics, since }
      : null,
    challengers: versions.withStage(name, 'challenger').map((v) => ({
      version: v.version,
      modelType: v.modelType,
      metrics: v.metrics,
      createdAt: v.createdAt,
    })),
  };
}

/** One model's lifecycle in full: its summary, every shadow test (a report for running ones, as of now), its decisions. */
export function modelLifecycle({ stores, shadow }: StatusSources, name: string) {
  return {
    ...modelSummary(stores.versions, name),
    shadowTests: stores.shadowTests
      .list(name)
      .map((test) => ({ ...test, report: test.status === 'running' ? shadow.report(test) : null })),
    decisions: stores.decisions.list(name),
  };
}

/** The `status` view of one model: champion, challengers, shadow tests (with reports), decisions. */
export function lifecycleStatus(sources: StatusSources, name: string): LifecycleStatus {
  return lifecycleStatusView(modelLifecycle(sources, name));
}
