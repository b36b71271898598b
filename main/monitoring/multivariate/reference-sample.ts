import { PodiumError } from '../../contract/errors.js';
import type { DriftColumn } from '../drift/index.js';
import { columnLength } from '../drift/reference.js';
import { sampleRowIndices } from '../prediction-sample.js';

/**
 * Multivariate drift needs rows, not per-column summaries: how columns move together is lost in
 * the reference distribution's quantile sketches. So a model package also keeps a uniform sample
 * of its training rows (the model inputs the drift check compares), `reference-sample.json`.
 * 5,000 rows bound both the file (about 100 bytes per row per 10 columns) and the checks' cost,
 * and are enough for a covariance of a few hundred encoded columns and a classifier's AUC to
 * within ±0.01.
 */
export { REFERENCE_SAMPLE_FILE } from './reference-sample-file.js';
export const REFERENCE_SAMPLE_FORMAT = 'podium-reference-sample';
export const REFERENCE_SAMPLE_VERSION = 1;
export const REFERENCE_SAMPLE_ROWS = 5000;
/** Fixed, so the same training data gives the same sample. */
export const REFERENCE_SAMPLE_SEED = 31_337;

export type SampledColumn =
  | { name: string; kind: 'numeric'; values: (number | null)[] }
  | { name: string; kind: 'categorical'; values: (string | null)[] };

export type ReferenceSample = {
  format: typeof REFERENCE_SAMPLE_FORMAT;
  version: typeof REFERENCE_SAMPLE_VERSION;
  /** Rows the sample was drawn from. */
  of: number;
  rows: number;
  seed: number;
  columns: SampledColumn[];
};

/** Which of `rows` training rows to keep: a uniform sample of at most REFERENCE_SAMPLE_ROWS. */
export function referenceSampleRows(rows: number): Uint32Array {
  return sampleRowIndices(rows, REFERENCE_SAMPLE_ROWS, REFERENCE_SAMPLE_SEED);
}

/**
 * The sample as stored: columns as `driftColumns` made them for the sampled rows (numbers with
 * NaN for missing, categories as labels), NaN written as null since JSON has no NaN.
 */
export function buildReferenceSample(columns: readonly DriftColumn[], of: number): ReferenceSample {
  const rows = columns.length === 0 ? 0 : columnLength(columns[0]);
  return {
    format: REFERENCE_SAMPLE_FORMAT,
    version: REFERENCE_SAMPLE_VERSION,
    of,
    rows,
    seed: REFERENCE_SAMPLE_SEED,
    columns: columns.map((column): SampledColumn => {
      const values = column.values;
      if (values instanceof Float64Array) {
        return {
          name: column.name,
          kind: 'numeric',
          values: Array.from(values, (v) => (Number.isFinite(v) ? v : null)),
        };
      }
      if ('codes' in values) {
        return {
          name: column.name,
          kind: 'categorical',
          values: Array.from(values.codes, (code) => (code < 0 ? null : values.dictionary[code])),
        };
      }
      return { name: column.name, kind: 'categorical', values: [...values] };
    }),
  };
}

/** The stored sample back as drift columns; a file that does not hold one is named. */
export function referenceSampleColumns(sample: ReferenceSample, file: string): DriftColumn[] {
  if (sample?.format !== REFERENCE_SAMPLE_FORMAT || sample.version !== REFERENCE_SAMPLE_VERSION) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${file} is not a version-${REFERENCE_SAMPLE_VERSION} reference sample (expected format ${REFERENCE_SAMPLE_FORMAT})`,
      { file },
    );
  }
  return sample.columns.map((column) => {
    if (!Array.isArray(column.values) || column.values.length !== sample.rows) {
      throw new PodiumError(
        'PACKAGE_INVALID',
        `${file}: column ${column.name} does not hold ${sample.rows} values`,
        {
          file,
          column: column.name,
        },
      );
    }
    if (column.kind === 'numeric') {
      return {
        name: column.name,
        kind: 'numeric',
        values: Float64Array.from(column.values, (v) => (typeof v === 'number' ? v : Number.NaN)),
      };
    }
    return { name: column.name, kind: 'categorical', values: column.values };
  });
}
