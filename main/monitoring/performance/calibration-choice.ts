import {
  type CalibrationMethod,
  type Calibrator,
  fitIsotonic,
  fitPlatt,
  identityCalibrator,
} from './calibration.js';

/** A version's labelled rows sorted by score once, so each leave-one-window-out fit is a linear pass. */
export type CalibrationPool = {
  score: Float64Array;
  /** 1 or 0: the label (binary) or whether the prediction was right (multiclass). */
  outcome: Float64Array;
  /** Start (epoch ms) of the reported window the row belongs to; NaN for rows before the report. */
  window: Float64Array;
};

export type CalibrationSettings = {
  method: 'auto' | CalibrationMethod;
  minCalibrationRows: number;
  isotonicMinRows: number;
};

/**
 * fitted: calibration clearly improved the held-out Brier score and is applied; not_needed: the
 * model's probabilities scored about as well on held-out labels and are used as they are;
 * too_few_labels: nothing could be checked, the probabilities are taken at face value.
 */
export type CalibrationReason = 'fitted' | 'not_needed' | 'too_few_labels';

export type CalibrationChoice = { calibrator: Calibrator; reason: CalibrationReason };

/** With fewer rows of either outcome a calibrator cannot learn where the outcome turns. */
export const MIN_PER_OUTCOME = 10;
const FOLDS = 5;

export function calibrationPool(
  entries: { score: number; outcome: number; window: number }[],
): CalibrationPool {
  const sorted = [...entries].sort((a, b) => a.score - b.score);
  return {
    score: Float64Array.from(sorted, (entry) => entry.score),
    outcome: Float64Array.from(sorted, (entry) => entry.outcome),
    window: Float64Array.from(sorted, (entry) => entry.window),
  };
}

function fit(method: CalibrationMethod, score: Float64Array, outcome: Float64Array): Calibrator {
  return method === 'isotonic' ? fitIsotonic(score, outcome) : fitPlatt(score, outcome);
}

/**
 * Does calibration help? NannyML's CBPE asks the same before calibrating (`needs_calibration`,
 * cross-validated expected calibration error). Here: the cross-validated Brier score, which
 * needs no binning, compared row by row, and calibration must win by more than two standard
 * errors. A calibrator fitted on n labels carries their sampling noise, so calibrating a model
 * that is already calibrated only makes the estimate worse. Folds interleave the score-sorted
 * rows, so each holds the whole score range (and no RNG is needed).
 */
function calibrationHelps(method: CalibrationMethod, score: Float64Array, outcome: Float64Array): boolean {
  let sum = 0;
  let sumSquares = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const train: number[] = [];
    for (let i = 0; i < score.length; i++) if (i % FOLDS !== fold) train.push(i);
    const calibrator = fit(
      method,
      Float64Array.from(train, (i) => score[i]),
      Float64Array.from(train, (i) => outcome[i]),
    );
    for (let i = fold; i < score.length; i += FOLDS) {
      const gain = (score[i] - outcome[i]) ** 2 - (calibrator.apply(score[i]) - outcome[i]) ** 2;
      sum += gain;
      sumSquares += gain * gain;
    }
  }
  const n = score.length;
  const mean = sum / n;
  const variance = Math.max(0, sumSquares / n - mean * mean);
  return mean > 2 * Math.sqrt(variance / n);
}

/**
 * The calibrator for one window: fitted on the pool without that window's rows (`leaveOut`),
 * isotonic with plenty of labels, Platt with fewer, none below `minCalibrationRows`.
 */
export function chooseCalibrator(
  pool: CalibrationPool,
  leaveOut: number | null,
  settings: CalibrationSettings,
): CalibrationChoice {
  const keep: number[] = [];
  for (let i = 0; i < pool.score.length; i++)
    if (leaveOut === null || pool.window[i] !== leaveOut) keep.push(i);
  const score = Float64Array.from(keep, (i) => pool.score[i]);
  const outcome = Float64Array.from(keep, (i) => pool.outcome[i]);
  let positives = 0;
  for (const value of outcome) positives += value;
  const n = score.length;
  if (n < settings.minCalibrationRows || positives < MIN_PER_OUTCOME || n - positives < MIN_PER_OUTCOME) {
    return { calibrator: identityCalibrator(score), reason: 'too_few_labels' };
  }
  const method: CalibrationMethod =
    settings.method === 'auto' ? (n >= settings.isotonicMinRows ? 'isotonic' : 'platt') : settings.method;
  if (!calibrationHelps(method, score, outcome)) {
    return { calibrator: identityCalibrator(score), reason: 'not_needed' };
  }
  return { calibrator: fit(method, score, outcome), reason: 'fitted' };
}
