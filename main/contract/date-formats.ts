/** The date formats an operation may name (e.g. `dateFormats` of training): part of the contract. */
export type DateFormat =
  | 'YYYY-MM-DD'
  | 'ISO-8601'
  | 'YYYY/MM/DD'
  | 'DD-MM-YYYY'
  | 'MM-DD-YYYY'
  | 'MM/DD/YYYY'
  | 'DD/MM/YYYY'
  | 'DD.MM.YYYY';

/**
 * Preference order when several formats parse every value of a column (e.g. all days ≤ 12):
 * dashes with the day first follow European usage, slashes with the month first US usage.
 */
export const DATE_FORMATS: readonly DateFormat[] = [
  'YYYY-MM-DD',
  'ISO-8601',
  'YYYY/MM/DD',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
];

export function isDateFormat(text: string): text is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(text);
}
