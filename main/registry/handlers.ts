import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { ChampionPeriod, DomainHandlers } from '../contract/index.js';
import type { BakingStore } from '../lifecycle/guarded-rollout/baking-store.js';
import type { ChampionChallengerManager } from '../lifecycle/index.js';
import type { Workspace } from '../workspace/index.js';
import { withBaking } from './champion-baking.js';
import { modelRefs } from './model-refs.js';
import type { ModelVersion, Transition, VersionStore } from './versions.js';

type Names =
  | 'registry.models'
  | 'registry.versions'
  | 'registry.transitions'
  | 'registry.championTimeline'
  | 'registry.rollback';

export function registryHandlers(context: {
  workspace: Workspace;
  actor: string;
  /** The lifecycle's rollback: one decision, one transaction (see lifecycle/promotion.ts). */
  manager: Pick<ChampionChallengerManager, 'promotions'>;
  /** Baking periods mark the champion timeline (guarded rollout); absent, it is left unmarked. */
  stores: { versions: VersionStore; bakingPeriods?: Pick<BakingStore, 'list'> };
}): DomainHandlers<Names> {
  const { manager, actor } = context;
  const { versions } = context.stores;
  const refs = modelRefs(versions, context.workspace);
  return {
    'registry.models': defineOperation('registry.models', () => versions.models()),
    'registry.versions': defineOperation('registry.versions', ({ model }) => versions.list(refs.name(model))),
    'registry.transitions': defineOperation('registry.transitions', ({ model }) =>
      versions.transitions(refs.name(model)),
    ),
    'registry.championTimeline': defineOperation('registry.championTimeline', ({ model }) => {
      const name = refs.name(model);
      const periods = championPeriods(versions, name);
      const bakes = context.stores.bakingPeriods?.list(name, 1000) ?? [];
      return { model: name, periods: withBaking(periods, bakes) };
    }),
    'registry.rollback': defineOperation('registry.rollback', ({ model: given, reason }) => {
      const name = refs.name(given);
      const previous = versions.champion(name);
      const decision = manager.promotions.rollback(name, { actor, reason });
      const champion = versions.champion(name);
      if (!previous || !champion) throw new PodiumError('INTERNAL', `Rollback of ${name} left no champion`);
      return { decision, champion, previousChampion: versions.byId(previous.id) };
    }),
  };
}

/**
 * Which version was champion when, from the transitions: a period opens when a version moves
 * to champion and closes when it moves away (archived by a promotion or rollback).
 */
export function championPeriods(versions: VersionStore, modelName: string): ChampionPeriod[] {
  const byId = new Map<number, ModelVersion>(versions.list(modelName).map((v) => [v.id, v]));
  const transitions: Transition[] = [...versions.transitions(modelName)].sort((a, b) => a.id - b.id);
  const periods: ChampionPeriod[] = [];
  const open = new Map<number, ChampionPeriod>();
  for (const t of transitions) {
    const cause = { actor: t.actor, reason: t.reason, decisionId: t.decisionId };
    if (t.toStage === 'champion' && t.fromStage !== 'champion') {
      const record = byId.get(t.versionId);
      const period: ChampionPeriod = {
        version: t.version,
        from: t.createdAt,
        to: null,
        metrics: record?.metrics ?? {},
        modelType: record?.modelType ?? '',
        began: cause,
        ended: null,
      };
      periods.push(period);
      open.set(t.versionId, period);
    } else if (t.fromStage === 'champion' && t.toStage !== 'champion') {
      const period = open.get(t.versionId);
      if (period) {
        period.to = t.createdAt;
        period.ended = cause;
        open.delete(t.versionId);
      }
    }
  }
  // One decision that archives a champion and crowns the next is one moment, though its two
  // transitions were stamped a millisecond apart: the timeline shows no gap and no overlap.
  for (let i = 0; i + 1 < periods.length; i++) {
    const [ending, next] = [periods[i], periods[i + 1]];
    if (ending.ended?.decisionId != null && ending.ended.decisionId === next.began.decisionId)
      ending.to = next.from;
  }
  return periods;
}
