import type { MultivariateDrift } from '../../contract/index.js';
import { fitPca, reconstructionErrors } from './pca.js';

export type PcaReconstructionDrift = Extract<MultivariateDrift, { method: 'pca_reconstruction' }>;

/** NannyML's rule: a chunk's error outside the reference chunks' mean ± 3σ is drift. */
export const SIGMAS = 3;
/** Reference chunks at most, and rows per chunk at least. */
const MAX_CHUNKS = 50;
const MIN_CHUNK_ROWS = 20;
const MIN_CHUNKS = 5;
const MIN_CURRENT_ROWS = 20;

/**
 * Data reconstruction drift (NannyML): PCA fitted on half of the reference rows learns their
 * correlation structure; the other half, split into chunks, gives the error that structure
 * leaves on fresh rows of the same distribution, and its spread. The halves keep the PCA from
 * being judged on the rows it was fitted to, which would make the reference error look smaller
 * than any new data's. The current value averages n rows where a chunk averages c, and is
 * compared with the mean of all h held-out rows, so σ is scaled by √(c/n + c/h) (rows are
 * independent): five thousand current rows are judged more finely than one chunk, and the
 * reference mean's own uncertainty is counted.
 */
export function pcaReconstructionDrift(
  reference: Float64Array,
  referenceRows: number,
  current: Float64Array,
  currentRows: number,
  width: number,
): PcaReconstructionDrift {
  const empty = (reason: string) => pcaNotApplicable(referenceRows, currentRows, reason);
  if (width < 2) return empty('Fewer than two encoded columns: there is no correlation to reconstruct.');
  const fitRows = Math.ceil(referenceRows / 2);
  const heldOutRows = referenceRows - fitRows;
  const chunks = Math.min(MAX_CHUNKS, Math.floor(heldOutRows / MIN_CHUNK_ROWS));
  if (chunks < MIN_CHUNKS) {
    return empty(
      `The reference sample has ${referenceRows} rows; ${2 * MIN_CHUNKS * MIN_CHUNK_ROWS} are needed to fit the PCA and set its threshold.`,
    );
  }
  if (currentRows < MIN_CURRENT_ROWS) {
    return empty(`Only ${currentRows} current rows; at least ${MIN_CURRENT_ROWS} are needed.`);
  }
  // Alternate rows, so a training file sorted by time or class puts each period in both halves.
  const fit = new Float64Array(fitRows * width);
  const heldOut = new Float64Array(heldOutRows * width);
  for (let i = 0; i < referenceRows; i++) {
    const target = i % 2 === 0 ? fit : heldOut;
    target.set(reference.subarray(i * width, (i + 1) * width), Math.floor(i / 2) * width);
  }
  const pca = fitPca(fit, fitRows, width);
  if (pca.components.length >= width) {
    return empty('The components explain every encoded column; nothing is left to reconstruct.');
  }
  const chunkRows = Math.floor(heldOutRows / chunks);
  const referenceErrors = reconstructionErrors(pca, heldOut, heldOutRows);
  const chunkMeans: number[] = [];
  for (let c = 0; c < chunks; c++) {
    let sum = 0;
    for (let i = c * chunkRows; i < (c + 1) * chunkRows; i++) sum += referenceErrors[i];
    chunkMeans.push(sum / chunkRows);
  }
  const centre = chunkMeans.reduce((a, b) => a + b, 0) / chunks;
  const sigma = Math.sqrt(chunkMeans.reduce((a, b) => a + (b - centre) ** 2, 0) / (chunks - 1));
  const spread =
    SIGMAS *
    Math.max(sigma, 1e-12 * (1 + centre)) *
    Math.sqrt(chunkRows / currentRows + chunkRows / heldOutRows);
  const upper = centre + spread;
  const lower = Math.max(0, centre - spread);
  const errors = reconstructionErrors(pca, current, currentRows);
  const value = errors.reduce((a, b) => a + b, 0) / currentRows;
  const drift = value > upper || value < lower;
  const components = `${pca.components.length} of ${width} components (${(pca.explained * 100).toFixed(0)}% of the variance)`;
  return {
    method: 'pca_reconstruction',
    status: drift ? 'drift' : 'ok',
    value,
    threshold: upper,
    lowerThreshold: lower,
    referenceValue: centre,
    components: pca.components.length,
    explainedVariance: pca.explained,
    referenceRows: referenceRows,
    currentRows: currentRows,
    reason: drift
      ? `Reconstruction error ${fmt(value)} is ${value > upper ? 'above' : 'below'} the reference's ${fmt(lower)}–${fmt(upper)} (mean ${fmt(centre)} ± ${SIGMAS}σ, ${components}): the columns no longer vary together as in training.`
      : `Reconstruction error ${fmt(value)} is within the reference's ${fmt(lower)}–${fmt(upper)} (mean ${fmt(centre)} ± ${SIGMAS}σ, ${components}).`,
  };
}

function fmt(value: number): string {
  return value.toPrecision(3);
}

/** The PCA check when it cannot be made, with the reason. */
export function pcaNotApplicable(
  referenceRows: number,
  currentRows: number,
  reason: string,
): PcaReconstructionDrift {
  return {
    method: 'pca_reconstruction',
    status: 'not_applicable',
    value: null,
    threshold: null,
    lowerThreshold: null,
    referenceValue: null,
    components: 0,
    explainedVariance: null,
    referenceRows,
    currentRows,
    reason,
  };
}
