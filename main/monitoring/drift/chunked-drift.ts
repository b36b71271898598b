import type { DriftChunking } from '../../contract/index.js';
import { detectDrift } from './detect.js';
import type { DriftOptions } from './options.js';
import { type DriftPeriod, groupRowsByPeriod, isoDay } from './periods.js';
import type { DriftColumn, ReferenceDistribution } from './reference.js';
import type { DriftChunk } from './report.js';

/**
 * Periods with fewer rows than this get no verdict: on a handful of rows every test is powerless
 * and every effect size noise, so a colour on the heatmap would mean nothing.
 */
export const DEFAULT_MIN_CHUNK_ROWS = 30;

export type ChunkedDrift = { chunking: DriftChunking; chunks: DriftChunk[] };

/**
 * Drift over time: the rows grouped by the period of their date, and each period checked against
 * the reference with the same per-feature tests and verdict as the whole file — the correction
 * for multiple testing is within a period, over its features, as a report on that period's rows
 * alone would make it. The prediction is left out: a file's predictions are scored on a sample.
 */
export function detectDriftByPeriod(
  reference: ReferenceDistribution,
  columns: readonly DriftColumn[],
  dates: { name: string; days: Float64Array },
  settings: { every: DriftPeriod; minRows?: number },
  options: Partial<DriftOptions> = {},
): ChunkedDrift {
  const minRows = settings.minRows ?? DEFAULT_MIN_CHUNK_ROWS;
  const { periods, rowsWithoutDate } = groupRowsByPeriod(dates.days, settings.every, dates.name);
  const chunks = periods.map((period): DriftChunk => {
    const base = {
      start: isoDay(period.startDay),
      end: isoDay(period.endDay),
      label: period.label,
      rows: period.rows.length,
    };
    if (period.rows.length < minRows) {
      return {
        ...base,
        driftShare: 0,
        driftedFeatures: 0,
        applicableFeatures: 0,
        status: 'too_few_rows',
        features: [],
      };
    }
    const report = detectDrift(
      reference,
      { columns: columns.map((column) => rowsOf(column, period.rows)) },
      options,
    );
    // A feature warning alone does not flag a period: among a dozen features tested each week,
    // one raw p-value under 0.05 is expected by chance; the cell shows it.
    return {
      ...base,
      driftShare: report.driftShare,
      driftedFeatures: report.driftedFeatures,
      applicableFeatures: report.applicableFeatures,
      status: report.datasetDrift ? 'drift' : report.driftedFeatures > 0 ? 'warning' : 'ok',
      features: report.features,
    };
  });
  return {
    chunking: { by: dates.name, every: settings.every, minRows, rowsWithoutDate },
    chunks,
  };
}

/**
 * A column cut down to the given rows. Coded categories keep their dictionary (a code absent
 * from the rows is simply not counted). Type mismatches are counted per file, not per row, so a
 * period's column carries none; the whole-file report has them.
 */
function rowsOf(column: DriftColumn, rows: Int32Array): DriftColumn {
  const values = column.values;
  if (values instanceof Float64Array) {
    const picked = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) picked[i] = values[rows[i]];
    return { name: column.name, kind: column.kind, values: picked };
  }
  if ('codes' in values) {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = values.codes[rows[i]];
    return { name: column.name, kind: column.kind, values: { codes, dictionary: values.dictionary } };
  }
  const texts = values as readonly (string | null)[];
  return { name: column.name, kind: column.kind, values: Array.from(rows, (row) => texts[row]) };
}
