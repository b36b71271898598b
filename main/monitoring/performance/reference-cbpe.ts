import { PodiumError } from '../../contract/errors.js';
import type { Table } from '../../data/types.js';
import type { Predictor } from '../../training/index.js';
import { type Calibrator, fitIsotonic, fitPlatt } from './calibration.js';
import { expectedAccuracy, expectedBinaryMetrics } from './expected-metrics.js';

/**
 * CBPE on a data file, as NannyML runs it: the classifier's scores are calibrated on its labelled
 * held-out reference rows (the live CBPE of estimate-performance.ts calibrates on labelled
 * traffic instead), then turned into expected metrics on the unlabelled rows.
 */
export type ClassifierEstimate = { rows: number; metrics: Record<string, number> };

export type ReferenceCbpe = {
  readonly referenceRows: number;
  readonly calibration: Calibrator['method'];
  estimate(table: Table, rows?: Uint32Array): Promise<ClassifierEstimate>;
  realised(table: Table, rows?: Uint32Array): Promise<ClassifierEstimate | null>;
};

/** As the live CBPE: isotonic needs plenty of labels, Platt scaling overfits less with few. */
const ISOTONIC_MIN_ROWS = 1000;
const MIN_REFERENCE_ROWS = 50;

type Scored = { score: Float64Array; predicted: Int32Array };

async function scoreRows(predictor: Predictor, table: Table, rows: Uint32Array | undefined): Promise<Scored> {
  const decoded = await predictor.predictColumns(table, rows);
  if (decoded.task === 'number') throw new PodiumError('USAGE', 'CBPE is for classifiers');
  const width = decoded.classes.length;
  const binary = decoded.task === 'binary';
  // Binary: P(class 1), which decides the prediction at 0.5; multiclass: the top probability.
  const score = Float64Array.from({ length: decoded.rows }, (_, i) =>
    binary ? decoded.probabilities[i * width + 1] : decoded.probabilities[i * width + decoded.classIndex[i]],
  );
  return { score, predicted: decoded.classIndex };
}

function labelsOf(predictor: Predictor, table: Table, rows: Uint32Array | undefined): Int32Array | null {
  const target = predictor.preprocessing.target;
  if (target.task === 'number') return null;
  const column = table.columns.find((candidate) => candidate.name === target.name);
  if (!column) return null;
  const n = rows?.length ?? table.rowCount;
  const index = new Map(target.classes.map((label, i) => [label, i]));
  return Int32Array.from({ length: n }, (_, k) => {
    const row = rows ? rows[k] : k;
    const value =
      column.type === 'binary'
        ? Number.isNaN(column.values[row])
          ? null
          : column.levels[column.values[row]]
        : column.values instanceof Float64Array
          ? Number.isNaN(column.values[row])
            ? null
            : String(column.values[row])
          : column.values[row];
    return value === null ? -1 : (index.get(value) ?? -1);
  });
}

function realisedMetrics(binary: boolean, scored: Scored, labels: Int32Array): ClassifierEstimate | null {
  let rows = 0;
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    rows++;
    if (labels[i] === scored.predicted[i]) correct++;
    if (binary) {
      if (scored.predicted[i] === 1 && labels[i] === 1) tp++;
      else if (scored.predicted[i] === 1) fp++;
      else if (labels[i] === 1) fn++;
    }
  }
  if (rows === 0) return null;
  const metrics: Record<string, number> = { accuracy: correct / rows };
  if (binary) metrics.f1_score = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { rows, metrics };
}

export async function fitReferenceCbpe(
  predictor: Predictor,
  reference: Table,
  rows: Uint32Array,
): Promise<ReferenceCbpe> {
  const binary = predictor.task === 'binary';
  const scored = await scoreRows(predictor, reference, rows);
  const labels = labelsOf(predictor, reference, rows);
  if (labels === null) throw new PodiumError('DATA_INVALID', 'The reference rows have no target column');
  const pairs: { score: number; outcome: number }[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    pairs.push({
      score: scored.score[i],
      outcome: binary ? labels[i] : labels[i] === scored.predicted[i] ? 1 : 0,
    });
  }
  if (pairs.length < MIN_REFERENCE_ROWS) {
    throw new PodiumError(
      'DATA_INVALID',
      `CBPE needs at least ${MIN_REFERENCE_ROWS} held-out reference rows with a label; there are ${pairs.length}`,
    );
  }
  pairs.sort((a, b) => a.score - b.score);
  const scores = Float64Array.from(pairs, (pair) => pair.score);
  const outcomes = Float64Array.from(pairs, (pair) => pair.outcome);
  const calibrator =
    pairs.length >= ISOTONIC_MIN_ROWS ? fitIsotonic(scores, outcomes) : fitPlatt(scores, outcomes);
  return {
    referenceRows: pairs.length,
    calibration: calibrator.method,
    async estimate(table, estimateRows): Promise<ClassifierEstimate> {
      const current = await scoreRows(predictor, table, estimateRows);
      const calibrated = current.score.map((score) => calibrator.apply(score));
      const n = current.score.length;
      if (binary) {
        const expected = expectedBinaryMetrics(current.score, calibrated);
        return { rows: n, metrics: { accuracy: expected.accuracy, f1_score: expected.f1_score } };
      }
      return { rows: n, metrics: { accuracy: expectedAccuracy(calibrated).accuracy } };
    },
    async realised(table, estimateRows) {
      const labelled = labelsOf(predictor, table, estimateRows);
      if (labelled === null) return null;
      return realisedMetrics(binary, await scoreRows(predictor, table, estimateRows), labelled);
    },
  };
}
