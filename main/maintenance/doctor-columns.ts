import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../common/files.js';
import { COLUMNS_EXTENSION } from '../data/index.js';
import { type Candidate, type CheckContext, finding, shown } from './doctor-checks.js';

/**
 * (c') Columns files (`<id>.columns`) whose snapshot CSV is gone, deleted by hand or by a crash
 * in the middle of `data rm`. A columns file is a cache of its CSV's Table, so without the CSV
 * it is of no use and is removed, not quarantined. Damaged ones need no check: a load notices
 * them and rebuilds them from the CSV; half-written ones are temporary files (check d).
 */
export async function checkColumnsFiles(context: CheckContext): Promise<Candidate[]> {
  const { paths } = context.workspace;
  let names: string[];
  try {
    names = await readdir(paths.datasets);
  } catch {
    return [];
  }
  const candidates: Candidate[] = [];
  for (const name of names.filter((entry) => entry.endsWith(COLUMNS_EXTENSION))) {
    const csv = join(paths.datasets, `${name.slice(0, -COLUMNS_EXTENSION.length)}.csv`);
    if (await pathExists(csv)) continue;
    const path = join(paths.datasets, name);
    candidates.push({
      finding: finding(
        'orphan',
        'columns file of a dataset snapshot whose CSV is gone',
        shown(paths.root, path),
        {
          action: 'remove',
        },
      ),
      fix: () => rm(path, { force: true }),
    });
  }
  return candidates;
}
