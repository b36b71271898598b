import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  ChampionTimeline,
  ModelVersion,
  PodiumClient,
  RollbackResult,
  Transition,
  VersionDetail,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

/** The metric most versions report, preferring the ones a champion/challenger decision uses first. */
export function primaryMetricOf(versions: ModelVersion[]): string | null {
  const preferred = ['roc_auc', 'accuracy', 'f1', 'wmae', 'mae', 'rmse', 'r2'];
  const keys = new Set(versions.flatMap((version) => Object.keys(version.metrics)));
  for (const key of preferred) if (keys.has(key)) return key;
  const [first] = [...keys].sort();
  return first ?? null;
}

/** Points for the "metric across versions" chart, oldest version first. */
export function metricAcrossVersions(
  versions: ModelVersion[],
  metric: string,
): { version: number; value: number | null; stage: string }[] {
  return [...versions]
    .sort((a, b) => a.version - b.version)
    .map((version) => ({
      version: version.version,
      value: version.metrics[metric] ?? null,
      stage: version.stage,
    }));
}

/** A transition as the history table shows it: a registration reads as one "registered → stage" row. */
export type TransitionRow = Transition & { registered: boolean };

const registeredPrefix = 'registered: ';

/**
 * The registry records a new version as two transitions, none → none ("registered: …") and then
 * none → its first stage with the same cause. The table shows them as one row, newest first.
 */
export function transitionRows(transitions: Transition[]): TransitionRow[] {
  const ascending = [...transitions].sort((a, b) => a.id - b.id);
  const rows: TransitionRow[] = [];
  const pending = new Map<number, Transition>();
  for (const transition of ascending) {
    const isRegistration =
      transition.fromStage === 'none' &&
      transition.toStage === 'none' &&
      transition.reason.startsWith(registeredPrefix);
    if (isRegistration) {
      pending.set(transition.versionId, transition);
      continue;
    }
    const registration = pending.get(transition.versionId);
    if (registration !== undefined && transition.fromStage === 'none') {
      pending.delete(transition.versionId);
      rows.push({ ...transition, registered: true });
    } else rows.push({ ...transition, registered: false });
  }
  // A registration never followed by a first stage still shows, as registered alone.
  for (const registration of pending.values())
    rows.push({
      ...registration,
      reason: registration.reason.slice(registeredPrefix.length),
      registered: true,
    });
  return rows.sort((a, b) => b.id - a.id);
}

/** Rollback needs a champion now and one before it. */
export function canRollBack(timeline: ChampionTimeline | null): boolean {
  if (timeline === null) return false;
  return timeline.periods.some((period) => period.to === null) && timeline.periods.length >= 2;
}

export type RegistryState = {
  /** The model whose versions are loaded: the shared choice (model-selection-store) the view passes in. */
  model: string | null;
  versions: Remote<ModelVersion[]>;
  transitions: Remote<Transition[]>;
  timeline: Remote<ChampionTimeline>;
  version: number | null;
  detail: Remote<VersionDetail>;
  rollback: { pending: boolean; error: PodiumErrorData | null; result: RollbackResult | null };
  /** Loads (or refreshes) a model's versions, transitions and champion timeline. */
  selectModel(model: string): Promise<void>;
  selectVersion(version: number): Promise<void>;
  rollBack(reason: string): Promise<boolean>;
};

export function createRegistryStore(client: PodiumClient) {
  return createStore<RegistryState>()((set, get) => ({
    model: null,
    versions: idle(),
    transitions: idle(),
    timeline: idle(),
    version: null,
    detail: idle(),
    rollback: { pending: false, error: null, result: null },
    async selectModel(model) {
      const same = get().model === model;
      set({
        model,
        versions: loading(same ? get().versions : idle()),
        transitions: loading(same ? get().transitions : idle()),
        timeline: loading(same ? get().timeline : idle()),
        ...(same ? {} : { version: null, detail: idle() }),
      });
      const [versions, transitions, timeline] = await Promise.all([
        client.sendCatch('registry.versions', { model }),
        client.sendCatch('registry.transitions', { model }),
        client.sendCatch('registry.championTimeline', { model }),
      ]);
      if (get().model !== model) return;
      set({
        versions: settle(get().versions, versions),
        transitions: settle(get().transitions, transitions),
        timeline: settle(get().timeline, timeline),
      });
    },
    async selectVersion(version) {
      const model = get().model;
      if (model === null) return;
      set({ version, detail: loading(get().version === version ? get().detail : idle()) });
      const result = await client.sendCatch('registry.version', { model, version });
      if (get().version === version) set({ detail: settle(get().detail, result) });
    },
    async rollBack(reason) {
      const model = get().model;
      if (model === null) return false;
      set({ rollback: { pending: true, error: null, result: null } });
      const result = await client.sendCatch('registry.rollback', { model, reason });
      if (result.error !== undefined) {
        set({ rollback: { pending: false, error: result.error, result: null } });
        return false;
      }
      set({ rollback: { pending: false, error: null, result: result.data } });
      await get().selectModel(model);
      return true;
    },
  }));
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;
