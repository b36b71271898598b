import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { PodiumEventSink } from '../contract/event-sink.js';
import type { DomainHandlers, ModelStatus, Overview, ShadowTestOverview } from '../contract/index.js';
import { morePairsNeeded } from '../contract/shadow-pairs.js';
import type { JobRunner } from '../jobs/index.js';
import { type AlertService, toAlert } from '../monitoring/alerts/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import type { JobRunStore } from '../scheduler/index.js';
import type { ServedModels } from '../serving/served-models.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { EnvironmentName, Workspace } from '../workspace/index.js';
import type { DecisionStore } from './decision-store.js';
import type { ChampionChallengerManager } from './manager.js';
import { shadowSeries } from './shadow-series.js';
import { marginFromThreshold, planShadowTest, simulateShadowTests } from './shadow-stats/index.js';
import type { ShadowTestRecord, ShadowTestStore } from './shadow-test-store.js';
import { modelLifecycle, modelSummary } from './status.js';

type Names =
  | 'overview.get'
  | 'status.get'
  | 'decisions.list'
  | 'decisions.evaluate'
  | 'decisions.promote'
  | 'decisions.reject'
  | 'shadow.list'
  | 'shadow.start'
  | 'shadow.status'
  | 'shadow.stop'
  | 'shadow.complete'
  | 'shadow.plan'
  | 'shadow.simulate';

/** What the lifecycle's operations need of the API. */
export type LifecycleHandlerContext = {
  workspace: Workspace;
  environment: EnvironmentName;
  actor: string;
  manager: ChampionChallengerManager;
  events: PodiumEventSink;
  jobs: Pick<JobRunner, 'list'>;
  alerts: Pick<AlertService, 'list'>;
  serving: Pick<ServedModels, 'services'>;
  stores: {
    versions: VersionStore;
    decisions: DecisionStore;
    shadowTests: ShadowTestStore;
    traffic: TrafficStore;
    jobRuns: JobRunStore;
  };
};

export function lifecycleHandlers(context: LifecycleHandlerContext): DomainHandlers<Names> {
  const { workspace, manager, actor, events, stores } = context;
  const { versions, decisions, shadowTests, jobRuns } = stores;
  const models = () => versions.models().map((m) => m.name);
  const refs = modelRefs(versions, workspace);
  const modelsOf = (model: string | undefined) => (model === undefined ? models() : [refs.name(model)]);
  // A test that has ended is reported as it stood when it ended, so the list and the status of a
  // completed test show the same labelled pairs; a test never started has nothing to report.
  const reportOf = (test: ShadowTestRecord) =>
    manager.shadow.report(test, test.endedAt === null ? {} : { until: test.endedAt });
  const withReport = (test: ShadowTestRecord): ShadowTestOverview => ({
    ...test,
    report: test.startedAt === null ? null : reportOf(test),
  });
  const shadowTest = (testId: number) => {
    const test = shadowTests.get(testId);
    if (!test) throw new PodiumError('NOT_FOUND', `No shadow test #${testId}`, { field: 'testId' });
    return test;
  };
  const changed = (testId: number) => {
    const test = shadowTest(testId);
    events.emit('shadow.updated', { testId, labelledPairs: 0, mirroredRequests: 0 });
    return test;
  };
  return {
    'overview.get': defineOperation(
      'overview.get',
      (): Overview => ({
        environment: context.environment,
        workspace: workspace.paths.root,
        models: models().map((model) => ({
          ...modelSummary(versions, model),
          shadowTests: shadowTests.list(model, { openOnly: true }).map(withReport),
        })),
        lastCycle:
          jobRuns.list({ limit: 50 }).find((run) => run.job === 'cycle' || run.job.startsWith('cycle')) ??
          null,
        openAlerts: context.alerts.list({ status: ['open'], limit: 20 }).map(toAlert),
        services: context.serving.services(),
        runningJobs: context.jobs.list().filter((job) => job.status === 'running'),
      }),
    ),
    'status.get': defineOperation(
      'status.get',
      ({ model }): ModelStatus => ({
        environment: context.environment,
        workspace: workspace.paths.root,
        // An empty workspace has a status too (which environment, which folder): of no model yet,
        // or of the configured one.
        ...modelLifecycle(
          { stores, shadow: manager.shadow },
          refs.nameIfAny(model) ?? workspace.config.training.model_name,
        ),
      }),
    ),
    'decisions.list': defineOperation('decisions.list', ({ model, limit }) =>
      modelsOf(model)
        .flatMap((m) => decisions.list(m, limit ?? 50))
        .sort((a, b) => b.id - a.id)
        .slice(0, limit ?? 50),
    ),
    'decisions.evaluate': defineOperation('decisions.evaluate', (input) => {
      const challenger = refs.version(input, 'challenger');
      return manager.evaluateChallenger(`${challenger.modelName}:${challenger.version}`, { actor });
    }),
    'decisions.promote': defineOperation('decisions.promote', ({ reason, ...input }) =>
      manager.promotions.promote(refs.version(input), { actor, reason }),
    ),
    'decisions.reject': defineOperation('decisions.reject', ({ decisionId, reason }) =>
      rejectChallenger(context, decisionId, reason),
    ),
    'shadow.list': defineOperation('shadow.list', ({ model }) =>
      modelsOf(model)
        .flatMap((m) => shadowTests.list(m))
        .sort((a, b) => b.id - a.id)
        .map(withReport),
    ),
    'shadow.start': defineOperation('shadow.start', (input) => {
      const test = manager.shadow.start(refs.version(input, 'challenger'), actor);
      return changed(test.id);
    }),
    'shadow.status': defineOperation('shadow.status', ({ testId }) => {
      const test = shadowTest(testId);
      const report = reportOf(test);
      return {
        test,
        report,
        series: shadowSeries(stores.traffic, manager.shadow, test),
        samples: {
          labelled: report.labelledPairs,
          // In plus still needed: the figure the CLI and the views show as "about N more".
          needed: report.labelledPairs + (morePairsNeeded(report) ?? 0),
        },
        // An ended test has no time left, however much of its planned duration it did not use.
        secondsLeft:
          test.status === 'running' || test.status === 'pending' ? Math.round(report.daysLeft * 86_400) : 0,
      };
    }),
    'shadow.stop': defineOperation('shadow.stop', ({ testId, reason }) => {
      const test = shadowTest(testId);
      if (test.status !== 'running' && test.status !== 'pending') {
        throw new PodiumError('CONFLICT', `Shadow test #${testId} is already ${test.status}`, { testId });
      }
      manager.shadow.stop(test, actor, reason ?? 'stopped from the desktop app');
      return changed(testId);
    }),
    'shadow.complete': defineOperation('shadow.complete', ({ testId }) => {
      const decision = manager.shadow.completeNow(shadowTest(testId), actor);
      changed(testId);
      return decision;
    }),
    'shadow.plan': defineOperation('shadow.plan', (input) =>
      planShadowTest({
        ...input,
        margin: input.margin ?? 0,
        alpha: workspace.config.champion_challenger.shadow_significance,
      }),
    ),
    'shadow.simulate': defineOperation('shadow.simulate', (input) => {
      const settings = workspace.config.champion_challenger;
      const baseline = input.baseline ?? (input.task === 'binary' ? 0.8 : 1);
      const result = simulateShadowTests({
        task: input.task,
        effect: input.effect,
        trials: input.trials,
        seed: input.seed ?? 42,
        alpha: settings.shadow_significance,
        margin: marginFromThreshold({ championThreshold: settings.champion_threshold, baseline }),
        minSamples: settings.shadow_min_samples,
        maxPairs: input.maxPairs ?? 20_000,
        baseline,
      });
      return {
        falsePromotionRate: result.false_promotion_rate,
        power: result.power,
        promoteRate: result.promote_rate,
        rejectRate: result.reject_rate,
        inconclusiveRate: result.inconclusive_rate,
        meanPairsToDecision: result.mean_pairs_to_decision,
        meanPairsToPromotion: result.mean_pairs_to_promotion,
        fixedHorizonPairs: result.fixed_horizon_pairs,
        trueMean: result.true_mean,
        sd: result.sd,
        nStar: result.n_star,
        trials: result.trials,
      };
    }),
  };
}

/**
 * A person rejects the challenger a decision was about: a `reject` decision is stored and the
 * challenger leaves the running (archived), its open shadow tests stopped, in one transaction.
 */
function rejectChallenger(context: LifecycleHandlerContext, decisionId: number, reason: string) {
  const { workspace, actor } = context;
  const { versions, decisions, shadowTests } = context.stores;
  const decision = decisions.get(decisionId);
  if (!decision) throw new PodiumError('NOT_FOUND', `No decision #${decisionId}`, { field: 'decisionId' });
  if (decision.challengerVersion === null) {
    throw new PodiumError('CONFLICT', `Decision #${decisionId} is about no challenger`, { decisionId });
  }
  const challenger = versions.get(decision.modelName, decision.challengerVersion);
  if (challenger.stage === 'champion' || challenger.stage === 'archived') {
    throw new PodiumError(
      'CONFLICT',
      `${challenger.modelName} v${challenger.version} is ${challenger.stage}; only a challenger or shadow can be rejected`,
      { decisionId, stage: challenger.stage },
    );
  }
  const champion = versions.champion(decision.modelName);
  const summary = `Reject v${challenger.version}: ${reason} (${actor}).`;
  const newId = workspace.db
    .transaction(() => {
      const inserted = decisions.insert({
        modelName: decision.modelName,
        outcome: 'reject',
        championVersionId: champion?.id ?? null,
        challengerVersionId: challenger.id,
        evaluationDatasetId: decision.evaluationDatasetId,
        evaluationRows: decision.evaluationRows,
        metrics: decision.metrics,
        thresholds: decision.thresholds,
        reasons: [summary, `In answer to decision #${decisionId} (${decision.outcome}).`],
        summary,
        actor,
      });
      for (const test of shadowTests.list(decision.modelName, { openOnly: true })) {
        if (test.challengerVersion === challenger.version) shadowTests.finish(test.id, 'stopped');
      }
      versions.setStage(challenger.id, 'archived', {
        actor,
        reason: summary,
        decisionId: inserted,
      });
      return inserted;
    })
    .immediate();
  const stored = decisions.get(newId);
  if (!stored) throw new PodiumError('INTERNAL', `Decision #${newId} was not stored`);
  return stored;
}
