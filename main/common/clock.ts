/** Injected wherever time matters, so tests can run days of lifecycle in seconds. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
