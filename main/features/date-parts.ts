import type { DatePart } from './types.js';

/** The numeric parts a date feature becomes; calendar effects a linear model can pick up. */
export const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'day_of_week', 'day_of_year'];

const DAY_MS = 86_400_000;

/** One part of a UTC timestamp in epoch milliseconds: month 1–12, day of week 0 (Sunday)–6, day of year 1–366. */
export function datePart(time: number, part: DatePart): number {
  const date = new Date(time);
  switch (part) {
    case 'year':
      return date.getUTCFullYear();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'day_of_week':
      return date.getUTCDay();
    case 'day_of_year':
      return Math.floor((time - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}
