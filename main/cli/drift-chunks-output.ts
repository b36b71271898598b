import { PodiumError } from '../contract/errors.js';
import type { DriftPeriod, DriftReport } from '../contract/index.js';
import { formatTable, print } from './output.js';

const PERIODS: readonly DriftPeriod[] = ['day', 'week', 'month'];
/** Drifted features named per period in the table; the JSON has them all. */
const TOP_FEATURES = 3;

/** `--by COLUMN --every PERIOD` as the operation takes them, checked before anything is read. */
export function chunkingOf(options: {
  by?: string;
  every?: string;
  window?: string;
}): { by: string; every: DriftPeriod } | Record<string, never> {
  const { by, every } = options;
  if (by === undefined && every === undefined) return {};
  if (every !== undefined && !PERIODS.includes(every as DriftPeriod))
    throw new PodiumError('USAGE', `--every takes day, week or month; got "${every}"`);
  if (by === undefined || by.trim() === '')
    throw new PodiumError(
      'USAGE',
      `--every ${every} needs --by DATE_COLUMN: the column whose dates make the periods`,
    );
  if (every === undefined) throw new PodiumError('USAGE', `--by ${by} needs --every day, week or month`);
  if (options.window !== undefined)
    throw new PodiumError(
      'USAGE',
      '--by groups the rows of a file into periods; give --data FILE, not --window',
    );
  return { by: by.trim(), every: every as DriftPeriod };
}

/** One line per period: when, how many rows, the share of drifted features, the verdict, what drifted most. */
export function printDriftChunks(report: DriftReport): void {
  const { chunking, chunks } = report;
  if (!chunking || !chunks) return;
  print();
  print(
    `By ${chunking.every} of ${chunking.by} (UTC${chunking.every === 'week' ? ', ISO weeks from Monday' : ''}; under ${chunking.minRows} rows: not judged):`,
  );
  print(
    formatTable(
      ['period', 'start', 'rows', 'drift share', 'status', 'top drifted features'],
      chunks.map((chunk) => [
        chunk.label,
        chunk.start,
        chunk.rows,
        chunk.status === 'too_few_rows' ? '-' : `${(chunk.driftShare * 100).toFixed(0)}%`,
        chunk.status,
        topDrifted(chunk.features),
      ]),
    ),
  );
  if (chunking.rowsWithoutDate > 0)
    print(
      `${chunking.rowsWithoutDate} rows had no readable ${chunking.by}: they are in the whole-file report, in no period.`,
    );
}

/** Drifted features first, then warnings, each by PSI (largest first). */
function topDrifted(features: NonNullable<DriftReport['chunks']>[number]['features']): string {
  const rank = { drift: 0, warning: 1 } as Record<string, number>;
  const flagged = features
    .filter((feature) => feature.status === 'drift' || feature.status === 'warning')
    .sort((a, b) => rank[a.status] - rank[b.status] || (b.statistics.psi ?? 0) - (a.statistics.psi ?? 0));
  if (flagged.length === 0) return '-';
  const names = flagged
    .slice(0, TOP_FEATURES)
    .map((f) => (f.status === 'warning' ? `${f.name} (warning)` : f.name));
  return flagged.length > TOP_FEATURES
    ? `${names.join(', ')}, +${flagged.length - TOP_FEATURES}`
    : names.join(', ');
}
