import type { MultivariateDrift } from '../../contract/index.js';
import type { DriftColumn, ReferenceDistribution } from '../drift/index.js';
import { columnLength } from '../drift/reference.js';
import { sampleRowIndices } from '../prediction-sample.js';
import { DOMAIN_CLASSIFIER_ALPHA } from './chance-auc.js';
import { type CurrentSample, currentSample, MULTIVARIATE_SEED } from './current-sample.js';
import { domainClassifierDrift, FOLDS } from './domain-classifier.js';
import { fitRowEncoder } from './encoding.js';
import { pcaNotApplicable, pcaReconstructionDrift } from './pca-reconstruction.js';

/**
 * Rows of each side the domain classifier learns from: uniform samples of the two samples
 * above. Its five cross-validated fits of 50 trees were the costliest part of a million-row file
 * check (about 2.5 CPU-s on 5,000 + 5,000 rows); on 2,000 + 2,000 they cost a third of that, and
 * the AUC chance allows (α = 0.01) grows only from 0.530 to 0.548 (the generated drift file: AUC 0.78 and 0.77).
 */
export const CLASSIFIER_SAMPLE_ROWS = 2000;

/**
 * Both multivariate checks of current data against a model's reference sample (null when the
 * package predates them): the model inputs present on both sides, encoded alike.
 */
export function multivariateDrift(
  reference: ReferenceDistribution,
  sample: readonly DriftColumn[] | null,
  current: readonly DriftColumn[],
): Promise<MultivariateDrift[]> {
  return multivariateDriftOfSample(reference, sample, currentSample(current));
}

/** The same checks on the current data's sample alone (`currentSample`), wherever it was drawn. */
export async function multivariateDriftOfSample(
  reference: ReferenceDistribution,
  sample: readonly DriftColumn[] | null,
  current: CurrentSample,
): Promise<MultivariateDrift[]> {
  const currentRows = current.rows;
  if (sample === null) {
    return notApplicable(
      0,
      currentRows,
      'This model version was registered before multivariate drift checks and has no reference sample; retrain it to get one.',
    );
  }
  const referenceRows = sample.length === 0 ? 0 : columnLength(sample[0]);
  const encoder = fitRowEncoder(reference, sample, current.columns);
  if (encoder.width === 0) {
    return notApplicable(
      referenceRows,
      currentRows,
      'No model input is present on both sides with the same type.',
    );
  }
  const sampledRows = current.columns.length === 0 ? 0 : columnLength(current.columns[0]);
  const referenceMatrix = encoder.encode(sample, null);
  const currentMatrix = encoder.encode(current.columns, null);
  return [
    pcaReconstructionDrift(referenceMatrix, referenceRows, currentMatrix, sampledRows, encoder.width),
    await classifierOnSamples(referenceMatrix, referenceRows, currentMatrix, sampledRows, encoder.sources),
  ];
}

/** The domain classifier on at most CLASSIFIER_SAMPLE_ROWS rows of each side's sample. */
function classifierOnSamples(
  reference: Float64Array,
  referenceRows: number,
  current: Float64Array,
  currentRows: number,
  sources: readonly string[],
): ReturnType<typeof domainClassifierDrift> {
  const width = sources.length;
  const fromReference = sampleRowIndices(referenceRows, CLASSIFIER_SAMPLE_ROWS, MULTIVARIATE_SEED + 1);
  const fromCurrent = sampleRowIndices(currentRows, CLASSIFIER_SAMPLE_ROWS, MULTIVARIATE_SEED + 2);
  return domainClassifierDrift(
    pickRows(reference, width, fromReference),
    fromReference.length,
    pickRows(current, width, fromCurrent),
    fromCurrent.length,
    sources,
    MULTIVARIATE_SEED,
  );
}

/** The given rows of a row-major matrix, in their order (the matrix itself when they are all of it). */
function pickRows(matrix: Float64Array, width: number, rows: Uint32Array): Float64Array {
  if (rows.length * width === matrix.length) return matrix;
  const picked = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    picked.set(matrix.subarray(row * width, (row + 1) * width), i * width);
  });
  return picked;
}

/** Both checks as not made, with the reason (the same one for both). */
export function notApplicable(
  referenceRows: number,
  currentRows: number,
  reason: string,
): MultivariateDrift[] {
  return [
    pcaNotApplicable(referenceRows, currentRows, reason),
    {
      method: 'domain_classifier',
      status: 'not_applicable',
      auc: null,
      threshold: null,
      alpha: DOMAIN_CLASSIFIER_ALPHA,
      folds: FOLDS,
      referenceRows: referenceRows,
      currentRows: currentRows,
      topFeatures: [],
      reason,
    },
  ];
}
