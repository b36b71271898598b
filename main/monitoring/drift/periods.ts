import { PodiumError } from '../../contract/errors.js';
import type { DriftPeriod } from '../../contract/index.js';

export type { DriftPeriod };

export const DRIFT_PERIODS: readonly DriftPeriod[] = ['day', 'week', 'month'];

/** More periods than this is a mistake of grain (days over decades), not a heatmap anyone can read. */
export const MAX_PERIODS = 1000;

const MS_PER_DAY = 86_400_000;

/** Rows of one period: days since 1970-01-01 UTC, [startDay, endDay), and the row indices in it. */
export type PeriodRows = { startDay: number; endDay: number; label: string; rows: Int32Array };

/**
 * The UTC day (whole days since 1970-01-01) on which the period holding `day` starts: the day
 * itself, the Monday of its ISO week, or the first of its calendar month.
 */
export function periodStartDay(day: number, every: DriftPeriod): number {
  const whole = Math.floor(day);
  if (every === 'day') return whole;
  if (every === 'week') {
    // 1970-01-01 was a Thursday: 3 days after a Monday.
    const sinceMonday = (((whole + 3) % 7) + 7) % 7;
    return whole - sinceMonday;
  }
  const date = new Date(whole * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / MS_PER_DAY;
}

/** The first day of the period after the one starting on `startDay`. */
export function nextPeriodStartDay(startDay: number, every: DriftPeriod): number {
  if (every === 'day') return startDay + 1;
  if (every === 'week') return startDay + 7;
  const date = new Date(startDay * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / MS_PER_DAY;
}

/** YYYY-MM-DD of a UTC day. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * How a period is named: 2024-03-05, 2024-03, or the ISO week 2024-W10 — whose year is the year
 * of its Thursday, so the week of Monday 2024-12-30 is 2025-W01.
 */
export function periodLabel(startDay: number, every: DriftPeriod): string {
  if (every === 'day') return isoDay(startDay);
  if (every === 'month') return isoDay(startDay).slice(0, 7);
  const thursday = startDay + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / MS_PER_DAY) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Rows grouped by the period their date falls in, oldest first, from the first period with a row
 * to the last, empty periods between included (a gap is something to see, not to hide). Rows
 * with no date (NaN) belong to no period; they are counted.
 */
export function groupRowsByPeriod(
  days: Float64Array,
  every: DriftPeriod,
  column: string,
): { periods: PeriodRows[]; rowsWithoutDate: number } {
  const starts = new Float64Array(days.length);
  const counts = new Map<number, number>();
  let rowsWithoutDate = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    if (!Number.isFinite(day)) {
      starts[i] = Number.NaN;
      rowsWithoutDate++;
      continue;
    }
    const start = periodStartDay(day, every);
    starts[i] = start;
    counts.set(start, (counts.get(start) ?? 0) + 1);
    if (start < first) first = start;
    if (start > last) last = start;
  }
  if (counts.size === 0) return { periods: [], rowsWithoutDate };
  const periods: PeriodRows[] = [];
  const indexOfStart = new Map<number, number>();
  for (let start = first; start <= last; start = nextPeriodStartDay(start, every)) {
    if (periods.length === MAX_PERIODS) {
      throw new PodiumError(
        'DATA_INVALID',
        `Grouping by ${column} every ${every} makes more than ${MAX_PERIODS} periods (${isoDay(first)} to ${isoDay(last)}); group by a longer period (week or month)`,
        { column, every, from: isoDay(first), to: isoDay(last) },
      );
    }
    indexOfStart.set(start, periods.length);
    periods.push({
      startDay: start,
      endDay: nextPeriodStartDay(start, every),
      label: periodLabel(start, every),
      rows: new Int32Array(counts.get(start) ?? 0),
    });
  }
  const filled = new Int32Array(periods.length);
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    if (Number.isNaN(start)) continue;
    const index = indexOfStart.get(start) as number;
    periods[index].rows[filled[index]++] = i;
  }
  return { periods, rowsWithoutDate };
}
