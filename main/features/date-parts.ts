import type { DatePart } from './types.js';

/** The numeric parts a date feature becomes; calendar effects a linear model can pick up. */
export const DATE_PARTS: readonly DatePart[] = [
  'year',
  'month',
  'week_of_year',
  'day_of_week',
  'day_of_year',
];

const DAY_MS = 86_400_000;

/**
 * One part of a UTC timestamp in epoch milliseconds: month 1–12, ISO 8601 week of year 1–53
 * (weeks start on Monday; week 1 holds the year's first Thursday), day of week 0 (Sunday)–6,
 * day of year 1–366.
 */
export function datePart(time: number, part: DatePart): number {
  const date = new Date(time);
  switch (part) {
    case 'year':
      return date.getUTCFullYear();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'week_of_year':
      return isoWeek(time, date);
    case 'day_of_week':
      return date.getUTCDay();
    case 'day_of_year':
      return Math.floor((time - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}

function isoWeek(time: number, date: Date): number {
  const daysSinceMonday = (date.getUTCDay() + 6) % 7;
  // The Thursday of this date's week decides which year the week belongs to.
  const thursday = new Date(time + (3 - daysSinceMonday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
}
