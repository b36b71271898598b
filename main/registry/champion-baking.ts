import type { BakingPeriod, ChampionPeriod } from '../contract/index.js';

/**
 * Marks the registry's champion timeline with the guarded rollout: each period that baked gets
 * its baking state, and a period ended by a guard's rollback says it ended automatically. A
 * period and its bake are the same promotion when they share the version and the start.
 */
export function withBaking(periods: ChampionPeriod[], bakes: readonly BakingPeriod[]): ChampionPeriod[] {
  const byStart = new Map(bakes.map((bake) => [`${bake.version}@${bake.startedAt}`, bake]));
  return periods.map((period) => {
    const bake = byStart.get(`${period.version}@${period.from}`);
    if (!bake) return period;
    return {
      ...period,
      baking: { status: bake.status, endsAt: bake.endsAt, breaches: bake.breaches.map((b) => b.reason) },
      ...(bake.status === 'rolled_back' ? { endedAutomatically: true } : {}),
    };
  });
}
