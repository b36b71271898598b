import { PodiumError } from '../contract/errors.js';
import { parseDecimalComma, parseNumeric } from './cell-values.js';
import { DATE_FORMATS, parseDate } from './date-formats.js';

/**
 * Checks that the first record names the columns. A file without a header would otherwise
 * be "ingested" with its first row silently turned into column names.
 */
export function validateHeader(file: string, names: string[], line: number, target?: string): void {
  const where = `${file}, line ${line}`;
  const filled = names.filter((name) => name !== '');
  if (filled.length > 0 && filled.every(looksLikeValue)) {
    throw new PodiumError(
      'CSV_INVALID',
      `${where} looks like data, not a header (${quoteList(filled.slice(0, 5))}); the first row must name the columns`,
      { file, line, header: names },
    );
  }
  const blank = names.flatMap((name, i) => (name === '' ? [i + 1] : []));
  if (blank.length > 0) {
    throw new PodiumError(
      'CSV_INVALID',
      `${where}: column${blank.length === 1 ? '' : 's'} ${blank.join(', ')} ha${blank.length === 1 ? 's' : 've'} no name; the first row must be a header naming every column`,
      { file, line, column: blank[0], columns: blank },
    );
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) duplicates.add(name);
    seen.add(name);
  }
  if (duplicates.size > 0) {
    const list = [...duplicates];
    throw new PodiumError(
      'CSV_INVALID',
      `${where}: duplicate column name${list.length === 1 ? '' : 's'} ${quoteList(list)}; every column needs a unique name`,
      { file, line, duplicates: list },
    );
  }
  if (target !== undefined && !seen.has(target)) {
    throw new PodiumError(
      'CSV_INVALID',
      `${where}: target column "${target}" is not in the header; columns are ${quoteList(names)}`,
      { file, line, target, columns: names },
    );
  }
}

function looksLikeValue(cell: string): boolean {
  // Either decimal mark: the header is checked before anything else of the file is known.
  if (!Number.isNaN(parseNumeric(cell)) || !Number.isNaN(parseDecimalComma(cell))) return true;
  return DATE_FORMATS.some((format) => !Number.isNaN(parseDate(cell, format)));
}

function quoteList(items: string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}
