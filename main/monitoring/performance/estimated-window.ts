import { classIndexer } from '../../common/class-labels.js';
import type { EstimatedWindow as EstimatedWindowData, MetricReconciliation } from '../../contract/index.js';
import type { Task } from '../../training/types.js';
import type { CalibrationMethod } from './calibration.js';
import { type CalibrationChoice, type CalibrationReason, MIN_PER_OUTCOME } from './calibration-choice.js';
import { calibrationSupport } from './calibration-support.js';
import { classProbabilities, realisedMetrics } from './encoding.js';
import { expectedAccuracy, expectedBinaryMetrics } from './expected-metrics.js';
import type { LoggedPrediction } from './traffic.js';

export type { MetricReconciliation };

/** The contract's window, with the calibration typed as the estimate chooses it. */
export type EstimatedWindow = Omit<EstimatedWindowData, 'calibration'> & {
  calibration: { method: CalibrationMethod | 'none'; rows: number; reason: CalibrationReason } | null;
};

export const REGRESSION_REASON =
  'CBPE needs predicted class probabilities; a regression model gives a single number with no ' +
  'spread, so its performance cannot be estimated before labels arrive. Realised metrics appear as labels come in.';

const OUTSIDE_SHARE_WARNING = 0.05;
const SCORE_PSI_WARNING = 0.25;
/** A calibration moving the accuracy estimate this much means the raw probabilities were off. */
const MISCALIBRATION_NOTE = 0.03;

/** What CBPE needs of a row: its score, the class it predicted, and its outcome (−1: unknown). */
export type ScoredRow = { score: number; predicted: number; outcome: number };
export type Scorer = (row: LoggedPrediction) => ScoredRow;

/**
 * Binary: the score is P(class 1), the outcome the label; calibration learns P(label = 1 | score).
 * Multiclass: the score is the top probability, the outcome whether the prediction was right.
 */
export function rowScorer(task: Task, classes: readonly string[]): Scorer {
  const indexOf = classIndexer(classes);
  return (row) => {
    const probabilities = classProbabilities(row, classes, indexOf);
    const label = row.labelled ? indexOf(row.actual) : -1;
    if (task === 'binary') {
      const score = probabilities[1] ?? 0;
      return { score, predicted: score >= 0.5 ? 1 : 0, outcome: label === 0 || label === 1 ? label : -1 };
    }
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
    return {
      score: probabilities[best] ?? 0,
      predicted: best,
      outcome: label < 0 ? -1 : label === best ? 1 : 0,
    };
  };
}

function reconcile(
  estimated: number | null | undefined,
  realised: number | undefined,
  labelledShare: number,
): MetricReconciliation {
  const e = estimated ?? null;
  const r = realised ?? null;
  return {
    estimated: e,
    realised: r,
    labelledShare: labelledShare,
    difference: e !== null && r !== null ? r - e : null,
  };
}

export function classifierWindow(
  task: Task,
  classes: readonly string[],
  windowStartMs: number,
  rows: readonly LoggedPrediction[],
  scorer: Scorer,
  choice: CalibrationChoice,
  settings: { minCalibrationRows: number; minWindowRows: number },
): EstimatedWindow {
  const { calibrator, reason } = choice;
  const scores = Float64Array.from(rows, (row) => scorer(row).score);
  const calibrated = Float64Array.from(scores, (score) => calibrator.apply(score));
  const realised = realisedMetrics(task, classes, rows);
  const share = rows.length === 0 ? 0 : realised.labelled / rows.length;
  const metrics: Record<string, MetricReconciliation> = {};
  let accuracy: number;
  let standardError: number;
  let uncalibrated: number;
  if (task === 'binary') {
    const expected = expectedBinaryMetrics(scores, calibrated);
    accuracy = expected.accuracy;
    standardError = expected.accuracy_standard_error;
    uncalibrated = expectedBinaryMetrics(scores, scores).accuracy;
    for (const name of ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc'] as const) {
      metrics[name] = reconcile(expected[name], realised.metrics[name], share);
    }
  } else {
    const expected = expectedAccuracy(calibrated);
    accuracy = expected.accuracy;
    standardError = expected.standard_error;
    uncalibrated = expectedAccuracy(scores).accuracy;
    metrics.accuracy = reconcile(accuracy, realised.metrics.accuracy, share);
  }

  const warnings: string[] = [];
  const notes: string[] = [];
  if (reason === 'too_few_labels') {
    warnings.push(
      `Not calibrated: ${calibrator.rows} labelled rows of this version outside this window, and calibration needs ` +
        `${settings.minCalibrationRows} with each outcome at least ${MIN_PER_OUTCOME} times. The model's probabilities ` +
        'are taken at face value, so an over-confident model looks better than it is.',
    );
  } else {
    const support = calibrationSupport(calibrator.support, scores);
    if (support.outside_share > OUTSIDE_SHARE_WARNING) {
      const low = fixed(calibrator.support[0]);
      const high = fixed(calibrator.support[calibrator.support.length - 1]);
      warnings.push(
        `${percent(support.outside_share)} of this window's scores lie outside the range of the ${calibrator.rows} ` +
          `labelled calibration rows (${low}–${high}): there the calibration is extrapolated.`,
      );
    }
    if (support.score_psi > SCORE_PSI_WARNING) {
      warnings.push(
        `The scores have shifted from the calibration rows (PSI ${fixed(support.score_psi)}): the estimate leans on ` +
          'regions the calibration saw little of.',
      );
    }
    if (reason === 'not_needed') {
      notes.push(
        `The model's probabilities did as well on ${calibrator.rows} held-out labels as a calibrator would, ` +
          'so they are used as they are.',
      );
    } else if (Math.abs(uncalibrated - accuracy) > MISCALIBRATION_NOTE) {
      notes.push(
        `The model's own probabilities promise an accuracy of ${fixed(uncalibrated)}; calibrated on ${calibrator.rows} ` +
          `labelled rows they give ${fixed(accuracy)}: the model is ${uncalibrated > accuracy ? 'over' : 'under'}-confident.`,
      );
    }
  }
  if (rows.length < settings.minWindowRows) {
    warnings.push(
      `Only ${rows.length} requests: by chance alone the realised accuracy may differ from the estimate ` +
        `by ±${fixed(2 * standardError)}.`,
    );
  }
  return {
    windowStart: new Date(windowStartMs).toISOString(),
    requests: rows.length,
    labelled: realised.labelled,
    labelledShare: share,
    calibration: { method: calibrator.method, rows: calibrator.rows, reason },
    uncalibratedAccuracy: uncalibrated,
    accuracyStandardError: standardError,
    metrics,
    reliable: warnings.length === 0,
    warnings,
    notes,
  };
}

export function regressionWindow(windowStartMs: number, rows: readonly LoggedPrediction[]): EstimatedWindow {
  const realised = realisedMetrics('number', [], rows);
  const share = rows.length === 0 ? 0 : realised.labelled / rows.length;
  const metrics: Record<string, MetricReconciliation> = {};
  for (const name of ['r2', 'rmse', 'mae', 'mape'])
    metrics[name] = reconcile(null, realised.metrics[name], share);
  return {
    windowStart: new Date(windowStartMs).toISOString(),
    requests: rows.length,
    labelled: realised.labelled,
    labelledShare: share,
    calibration: null,
    uncalibratedAccuracy: null,
    accuracyStandardError: null,
    metrics,
    reliable: false,
    warnings: [REGRESSION_REASON],
    notes: [],
  };
}

function fixed(value: number): string {
  return value.toFixed(3);
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}
