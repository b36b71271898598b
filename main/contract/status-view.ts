/** The one view of a model's lifecycle that `podium status` and `podium cycle` report. */
import type { LifecycleStatusView } from './cycle.js';
import type { Decision, ShadowTest, ShadowTestReport } from './lifecycle.js';
import type { ModelOverview } from './overview.js';

/** What the view is made from: a model's overview without its open tests, all its tests, its decisions. */
export type LifecycleStatusSource = Omit<ModelOverview, 'shadowTests'> & {
  shadowTests: (Pick<
    ShadowTest,
    | 'id'
    | 'status'
    | 'championVersion'
    | 'challengerVersion'
    | 'durationDays'
    | 'minSamples'
    | 'decisionId'
    | 'createdAt'
  > & { report: ShadowTestReport | null })[];
  decisions: Pick<
    Decision,
    'id' | 'outcome' | 'championVersion' | 'challengerVersion' | 'reasons' | 'summary' | 'createdAt'
  >[];
};

export function lifecycleStatusView(status: LifecycleStatusSource): LifecycleStatusView {
  return {
    model: status.model,
    task: status.task,
    target: status.target,
    champion: status.champion
      ? {
          version: status.champion.version,
          modelType: status.champion.modelType,
          metrics: status.champion.metrics,
          since: status.champion.since,
        }
      : null,
    challengers: status.challengers.map((c) => ({
      version: c.version,
      modelType: c.modelType,
      metrics: c.metrics,
      createdAt: c.createdAt,
    })),
    shadowTests: status.shadowTests.map((s) => ({
      ...(s.report ? { report: s.report } : {}),
      id: s.id,
      status: s.status,
      championVersion: s.championVersion,
      challengerVersion: s.challengerVersion,
      durationDays: s.durationDays,
      minSamples: s.minSamples,
      decisionId: s.decisionId,
      createdAt: s.createdAt,
    })),
    decisions: status.decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      championVersion: d.championVersion,
      challengerVersion: d.challengerVersion,
      reasons: d.reasons,
      summary: d.summary,
      createdAt: d.createdAt,
    })),
  };
}
