import { createStore } from 'zustand/vanilla';
import type { BakingPeriod, GuardResult, PodiumClient, RolloutStatus } from '../../main/contract/index.js';
import { formatNumber, formatPercent } from '../format.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

const GUARD_LABELS: Record<GuardResult['guard'], string> = {
  '5xx_rate': '5xx rate',
  latency_p99: 'Latency p99',
  latency_p99_ratio: 'Latency p99 vs before',
  primary_metric: 'Primary metric drop',
};

/** One guard as the Rollout panel lists it: its reading against its threshold, in the guard's unit. */
export type GuardRow = {
  guard: GuardResult['guard'];
  label: string;
  reading: string;
  threshold: string;
  verdict: GuardResult['verdict'];
  tone: Tone;
  reason: string;
};

/** A guard's number in its unit: shares and drops as percentages, latency in ms, the ratio as ×. */
function inUnit(guard: GuardResult['guard'], value: number | null): string {
  if (value === null) return '—';
  switch (guard) {
    case '5xx_rate':
    case 'primary_metric':
      return formatPercent(value, 1);
    case 'latency_p99':
      return `${Math.round(value)} ms`;
    case 'latency_p99_ratio':
      return `${formatNumber(value, 3)}×`;
  }
}

const VERDICT_TONES: Record<GuardResult['verdict'], Tone> = {
  ok: 'ok',
  breach: 'bad',
  no_verdict: 'neutral',
  off: 'neutral',
};

export function guardRows(period: BakingPeriod): GuardRow[] {
  return period.guards.map((guard) => ({
    guard: guard.guard,
    label: GUARD_LABELS[guard.guard],
    reading: inUnit(guard.guard, guard.value),
    // A limit of 0 switches the guard off; the verdict says so.
    threshold: guard.verdict === 'off' ? 'off' : `≤ ${inUnit(guard.guard, guard.limit)}`,
    verdict: guard.verdict,
    tone: VERDICT_TONES[guard.verdict],
    reason: guard.reason,
  }));
}

/**
 * The baking period the panel shows: the current champion's, else the latest one that ended in
 * an automatic rollback (after a rollback the restored champion does not bake, so `current` is
 * empty, yet the rollback is what the analyst needs to see).
 */
export function shownBakingPeriod(status: RolloutStatus): BakingPeriod | null {
  if (status.current !== null) return status.current;
  return status.history.find((period) => period.status === 'rolled_back') ?? null;
}

/** The automatic rollback of a period, in words; null when it did not end in one. */
export function automaticRollback(period: BakingPeriod): string | null {
  if (period.status !== 'rolled_back') return null;
  const to = period.previousVersion === null ? 'the previous champion' : `v${period.previousVersion}`;
  const decision = period.rollbackDecisionId === null ? '' : ` (decision #${period.rollbackDecisionId})`;
  const why = period.breaches.map((breach) => `${GUARD_LABELS[breach.guard]}: ${breach.reason}`).join('; ');
  return `v${period.version} was rolled back automatically to ${to}${decision}${why === '' ? '' : ` — ${why}`}.`;
}

export type RolloutState = {
  model: string | null;
  status: Remote<RolloutStatus>;
  /** Reads the model's rollout status (`rollout.status`, which checks the guards as the scheduler does). */
  load(model: string): Promise<void>;
};

export function createRolloutStore(client: PodiumClient) {
  return createStore<RolloutState>()((set, get) => ({
    model: null,
    status: idle(),
    async load(model) {
      const same = get().model === model;
      set({ model, status: loading(same ? get().status : idle()) });
      const result = await client.sendCatch('rollout.status', { model });
      if (get().model === model) set({ status: settle(get().status, result) });
    },
  }));
}

export type RolloutStore = ReturnType<typeof createRolloutStore>;
