import type { RolloutStatus } from '../../contract/index.js';
import type { ServiceMetricsStore } from '../../monitoring/service-metrics/index.js';
import type { ModelVersion, VersionStore } from '../../registry/index.js';
import type { TrafficStore } from '../../serving/traffic-store.js';
import type { Workspace } from '../../workspace/index.js';
import type { DecisionStore } from '../decision-store.js';
import { chooseMetrics } from '../metric-choice.js';
import { type AutomaticRollbackDeps, rollBackAutomatically } from './automatic-rollback.js';
import type { BakingRecord } from './baking-store.js';
import { breaches, evaluateGuards } from './guard-evaluation.js';
import { readPrimaryMetric } from './metric-reading.js';
import { gatewayReading } from './service-reading.js';
import { type RolloutSettings, readRolloutSettings } from './settings.js';

export type GuardCheckDeps = Omit<AutomaticRollbackDeps, 'db' | 'versions'> & {
  workspace: Pick<Workspace, 'db' | 'clock' | 'config' | 'logger'>;
  stores: {
    versions: VersionStore;
    decisions: Pick<DecisionStore, 'get'>;
    traffic: TrafficStore;
    serviceMetrics: Pick<ServiceMetricsStore, 'totals'>;
  };
};

/** The span the previous champion's latency is read over: as long as the bake so far, at least this. */
const MIN_COMPARISON_MS = 60_000;

/**
 * One guard check of a model, as the scheduler runs it every minute and `podium rollout status`
 * runs it on demand: opens the baking period of a champion promoted since the last check, ends
 * one whose champion was replaced by other hands, and for the one baking now reads the guards —
 * a breach rolls back at once, a period that has run its course without one passes.
 */
export function checkRollout(deps: GuardCheckDeps, modelName: string): RolloutStatus {
  const { workspace, stores, bakingPeriods } = deps;
  const settings = readRolloutSettings(workspace.config);
  const now = workspace.clock.now();
  let action: RolloutStatus['action'] = 'none';
  const champion = stores.versions.champion(modelName);

  let baking = bakingPeriods.baking(modelName);
  if (baking && baking.versionId !== champion?.id) {
    bakingPeriods.end(baking.id, { status: 'superseded', guards: baking.guards });
    action = 'superseded';
    baking = null;
  }
  let current: BakingRecord | null = null;
  if (champion) {
    const opened = openBakingPeriod(deps, champion, settings, now);
    current = opened.period;
    if (opened.isNew) action = 'opened';
    if (current?.status === 'baking') baking = current;
  }

  if (baking && champion) {
    const to = new Date(Math.min(now.getTime(), Date.parse(baking.endsAt)));
    const from = new Date(baking.startedAt);
    const span = Math.max(to.getTime() - from.getTime(), MIN_COMPARISON_MS);
    const task = stores.versions.modelTask(modelName)?.task ?? 'binary';
    const guards = evaluateGuards(
      {
        service: gatewayReading(stores.serviceMetrics, modelName, from, to),
        before: gatewayReading(stores.serviceMetrics, modelName, new Date(from.getTime() - span), from),
        metric: readPrimaryMetric(stores, {
          champion,
          task,
          metric: chooseMetrics(task, workspace.config.champion_challenger).primary,
          // Up to and including the last moment of the span.
          from,
          to: new Date(to.getTime() + 1),
          minLabelled: settings.minLabelled,
          minRequests: settings.minRequests,
        }),
      },
      settings,
    );
    const tripped = breaches(guards);
    if (tripped.length > 0) {
      const decision = rollBackAutomatically(
        { ...deps, db: workspace.db, versions: stores.versions },
        baking,
        guards,
        tripped,
      );
      if (decision) {
        action = 'rolled_back';
        workspace.logger.warn(
          {
            model: modelName,
            version: baking.version,
            decisionId: decision.id,
            breaches: tripped.map((b) => b.guard),
          },
          'baking champion rolled back automatically',
        );
      }
    } else if (now.getTime() >= Date.parse(baking.endsAt)) {
      if (bakingPeriods.end(baking.id, { status: 'passed', guards })) action = 'passed';
    } else {
      bakingPeriods.recordCheck(baking.id, guards);
    }
    current = bakingPeriods.get(baking.id);
  }

  const history = bakingPeriods.list(modelName).filter((period) => period.id !== current?.id);
  return {
    model: modelName,
    champion: stores.versions.champion(modelName)?.version ?? null,
    bakingPeriod: workspace.config.rollout.baking_period,
    action,
    current: current ? publicView(current) : null,
    history: history.map(publicView),
  };
}

/**
 * The baking period of the champion's latest promotion, opened now if it is new. A champion
 * gets none when it was restored by a rollback (it served before), when it is the model's first
 * (there is nothing to roll back to), or when its baking time was already over before any check
 * saw it (guards judge a bake as it happens, not months later).
 */
function openBakingPeriod(
  deps: GuardCheckDeps,
  champion: ModelVersion,
  settings: RolloutSettings,
  now: Date,
): { period: BakingRecord | null; isNew: boolean } {
  const { stores, bakingPeriods } = deps;
  const transitions = stores.versions.transitions(champion.modelName);
  const promotion = transitions.find((t) => t.versionId === champion.id && t.toStage === 'champion');
  if (!promotion) return { period: null, isNew: false };
  const known = bakingPeriods.forPromotion(promotion.id);
  if (known) return { period: known, isNew: false };
  if (promotion.decisionId !== null && stores.decisions.get(promotion.decisionId)?.outcome === 'rollback')
    return { period: null, isNew: false };
  const previous = transitions.find(
    (t) => t.id < promotion.id && t.fromStage === 'champion' && t.versionId !== champion.id,
  );
  if (!previous) return { period: null, isNew: false };
  const startedAt = new Date(promotion.createdAt);
  const endsAt = new Date(startedAt.getTime() + settings.bakingPeriodMs);
  if (endsAt.getTime() <= now.getTime()) return { period: null, isNew: false };
  const period = bakingPeriods.open({
    modelName: champion.modelName,
    version: champion.version,
    versionId: champion.id,
    previousVersion: previous.version,
    promotionTransitionId: promotion.id,
    promotionDecisionId: promotion.decisionId,
    startedAt: startedAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
  return { period, isNew: true };
}

function publicView(record: BakingRecord): RolloutStatus['history'][number] {
  const { versionId: _versionId, promotionTransitionId: _transitionId, ...view } = record;
  return view;
}
