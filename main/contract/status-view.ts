/** The one mapping from a model's lifecycle (camelCase) to `podium status --json`'s snake_case view. */
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
          model_type: status.champion.modelType,
          metrics: status.champion.metrics,
          since: status.champion.since,
        }
      : null,
    challengers: status.challengers.map((c) => ({
      version: c.version,
      model_type: c.modelType,
      metrics: c.metrics,
      created_at: c.createdAt,
    })),
    shadow_tests: status.shadowTests.map((s) => ({
      ...(s.report ? { report: s.report } : {}),
      id: s.id,
      status: s.status,
      champion_version: s.championVersion,
      challenger_version: s.challengerVersion,
      duration_days: s.durationDays,
      min_samples: s.minSamples,
      decision_id: s.decisionId,
      created_at: s.createdAt,
    })),
    decisions: status.decisions.map((d) => ({
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
