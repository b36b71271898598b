/**
 * Seeded pseudo-random numbers. Determinism (same seed, same bytes / same metrics) is a
 * requirement across data generation, splits and training, and Math.random cannot be seeded.
 * mulberry32 is tiny, fast and good enough for sampling; it is not for cryptography.
 */
export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T;
  /** A new independent stream derived from this one. */
  fork(): Random;
};

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spareNormal: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    fork: () => createRandom(Math.floor(next() * 4294967296)),
  };
  return random;
}
