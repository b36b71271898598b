import { PodiumError } from '../../contract/errors.js';

import type { PerformanceWindow } from '../../contract/index.js';

export type { PerformanceWindow };

/** A moment as the caller has it: a Date (e.g. `clock.now()`) or ISO 8601 text. */
export type TimeInput = Date | string;

export const WINDOW_MS: Readonly<Record<PerformanceWindow, number>> = Object.freeze({
  hour: 3_600_000,
  day: 86_400_000,
});

/** Half-open [from, to) as ISO text (the form `prediction_log.created_at` is stored in) and epoch ms. */
export type TimeRange = { from: string; to: string; fromMs: number; toMs: number };

export function checkWindow(window: unknown): PerformanceWindow {
  if (window === 'hour' || window === 'day') return window;
  throw new PodiumError('USAGE', `window must be "hour" or "day", not ${JSON.stringify(window)}`, {
    field: 'window',
    value: String(window),
  });
}

export function toEpochMs(value: TimeInput, field: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new PodiumError('USAGE', `${field} is not a valid time: ${String(value)}`, {
      field,
      value: String(value),
    });
  }
  return ms;
}

export function resolveTimeRange(from: TimeInput, to: TimeInput): TimeRange {
  const fromMs = toEpochMs(from, 'from');
  const toMs = toEpochMs(to, 'to');
  if (!(fromMs < toMs)) {
    throw new PodiumError('USAGE', `from (${new Date(fromMs).toISOString()}) must be before to`, {
      field: 'from',
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
    });
  }
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), fromMs, toMs };
}

/** Start of the UTC hour or day holding `ms` (epoch ms are UTC, so a remainder is enough). */
export function windowStartOf(ms: number, window: PerformanceWindow): number {
  const size = WINDOW_MS[window];
  return ms - (((ms % size) + size) % size);
}

/** ISO text of an optional moment, for SQL comparisons with stored ISO times. */
export function optionalIso(value: TimeInput | undefined, field: string): string | undefined {
  return value === undefined ? undefined : new Date(toEpochMs(value, field)).toISOString();
}
