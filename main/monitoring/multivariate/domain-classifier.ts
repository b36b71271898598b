import { createRandom } from '../../common/random.js';
import type { MultivariateDrift } from '../../contract/index.js';
import { rocAuc } from '../../training/metrics.js';
import { validateModelConfig } from '../../training/model-config.js';
import { fitGbm } from '../../training/trees/index.js';
import type { EncodedMatrix, EncodedTarget } from '../../training/types.js';
import { chanceAucThreshold, DOMAIN_CLASSIFIER_ALPHA } from './chance-auc.js';

export type DomainClassifierDrift = Extract<MultivariateDrift, { method: 'domain_classifier' }>;

export const FOLDS = 5;
const MIN_ROWS_PER_SIDE = 50;
const TOP_FEATURES = 5;

/**
 * Podium's gbm, small and without early stopping (stopping on a held-out fold would let that
 * fold choose the model and bias its AUC up): 50 rounds of 15-leaf trees learn interactions such
 * as a correlation changing sign, and cost a fraction of a second on 8,000 rows.
 */
const CLASSIFIER_TREES = { max_iter: 50, max_leaf_nodes: 15, min_samples_leaf: 20, n_iter_no_change: 0 };

/**
 * A classifier asked to tell reference rows (label 0) from current rows (label 1): if it can do
 * better than chance, the two differ somewhere, jointly or alone. Stratified k-fold
 * cross-validation gives an honest AUC (each row scored by a model that never saw it); the
 * threshold is what chance allows at these sizes (chance-auc.ts); the inputs the trees split on
 * most (gain importance summed over the folds, one-hots and missing flags added to their input)
 * are the ones that differ.
 */
export async function domainClassifierDrift(
  reference: Float64Array,
  referenceRows: number,
  current: Float64Array,
  currentRows: number,
  sources: readonly string[],
  seed: number,
): Promise<DomainClassifierDrift> {
  const width = sources.length;
  const base = {
    method: 'domain_classifier' as const,
    alpha: DOMAIN_CLASSIFIER_ALPHA,
    folds: FOLDS,
    referenceRows: referenceRows,
    currentRows: currentRows,
  };
  if (width === 0 || referenceRows < MIN_ROWS_PER_SIDE || currentRows < MIN_ROWS_PER_SIDE) {
    return {
      ...base,
      status: 'not_applicable',
      auc: null,
      threshold: null,
      topFeatures: [],
      reason:
        width === 0
          ? 'No model input could be compared.'
          : `${referenceRows} reference and ${currentRows} current rows; at least ${MIN_ROWS_PER_SIDE} of each are needed.`,
    };
  }
  const rows = referenceRows + currentRows;
  const x = new Float32Array(rows * width);
  x.set(reference.subarray(0, referenceRows * width));
  x.set(current.subarray(0, currentRows * width), referenceRows * width);
  const labels = new Float32Array(rows);
  labels.fill(1, referenceRows);
  // Stratified folds: each side shuffled and dealt round-robin, so every fold has both sides in proportion.
  const random = createRandom(seed);
  const fold = new Int32Array(rows);
  for (const [start, end] of [
    [0, referenceRows],
    [referenceRows, rows],
  ]) {
    const order = random.shuffle(Int32Array.from({ length: end - start }, (_, i) => start + i));
    order.forEach((row, position) => {
      fold[row] = position % FOLDS;
    });
  }
  const names = sources.map((source, j) => `${source}#${j}`);
  const config = validateModelConfig({
    model_type: 'gbm',
    input_features: [{ name: 'row', type: 'number' }],
    output_features: [{ name: 'side', type: 'binary' }],
    trees: CLASSIFIER_TREES,
    seed,
  });
  const gains = new Map<string, number>();
  const foldSizes: { positives: number; negatives: number }[] = [];
  let aucSum = 0;
  for (let f = 0; f < FOLDS; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
    const train = { x: matrix(x, width, trainRows, names), y: target(labels, trainRows) };
    const none = { x: matrix(x, width, [], names), y: target(labels, []) };
    const model = await fitGbm(train, none, config, { seed: seed + f });
    const scores = await model.predictRaw(matrix(x, width, testRows, names));
    const testLabels = Float32Array.from(testRows, (row) => labels[row]);
    const positives = testLabels.reduce((a, b) => a + b, 0);
    foldSizes.push({ positives, negatives: testRows.length - positives });
    aucSum += rocAuc(testLabels, scores) ?? 0.5;
    model.featureGains?.forEach((gain, j) => {
      gains.set(sources[j], (gains.get(sources[j]) ?? 0) + gain);
    });
  }
  const auc = aucSum / FOLDS;
  const threshold = chanceAucThreshold(foldSizes);
  const totalGain = [...gains.values()].reduce((a, b) => a + b, 0);
  const topFeatures = [...gains]
    .filter(([, gain]) => gain > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_FEATURES)
    .map(([name, gain]) => ({ name, importance: gain / totalGain }));
  const drift = auc > threshold;
  const leaders = topFeatures
    .slice(0, 3)
    .map((feature) => `${feature.name} ${(feature.importance * 100).toFixed(0)}%`)
    .join(', ');
  return {
    ...base,
    status: drift ? 'drift' : 'ok',
    auc,
    threshold,
    topFeatures,
    reason: drift
      ? `A classifier tells current rows from reference rows with AUC ${auc.toFixed(3)} (${FOLDS}-fold), above the ${threshold.toFixed(3)} chance allows at α = ${DOMAIN_CLASSIFIER_ALPHA}${leaders ? `; it relies most on ${leaders}` : ''}.`
      : `A classifier cannot tell current rows from reference rows: AUC ${auc.toFixed(3)} (${FOLDS}-fold) is within the ${threshold.toFixed(3)} chance allows at α = ${DOMAIN_CLASSIFIER_ALPHA}.`,
  };
}

function matrix(x: Float32Array, width: number, rows: readonly number[], names: string[]): EncodedMatrix {
  const numeric = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    numeric.set(x.subarray(row * width, (row + 1) * width), i * width);
  });
  return {
    rows: rows.length,
    numeric,
    numericWidth: width,
    numericNames: names,
    categorical: [],
    categoricalCardinalities: [],
    categoricalNames: [],
  };
}

function target(labels: Float32Array, rows: readonly number[]): EncodedTarget {
  return {
    task: 'binary',
    values: Float32Array.from(rows, (row) => labels[row]),
    classes: ['reference', 'current'],
  };
}
