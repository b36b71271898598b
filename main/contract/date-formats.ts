import type { z } from 'zod';
import type { DateFormatSchema } from './schemas/common.js';

/** The date formats an operation may name (e.g. `dateFormats` of training): part of the contract. */
export type DateFormat = z.infer<typeof DateFormatSchema>;

/**
 * Preference order when several formats parse every value of a column (e.g. all days ≤ 12):
 * dashes with the day first follow European usage, slashes with the month first US usage. The
 * schema (`DateFormatSchema`) is made from this list.
 */
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'ISO-8601',
  'YYYY/MM/DD',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
] as const;

export function isDateFormat(text: string): text is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(text);
}
