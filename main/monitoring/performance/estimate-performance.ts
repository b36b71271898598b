import { PodiumError } from '../../contract/errors.js';
import type { PerformanceEstimate as PerformanceEstimateData } from '../../contract/index.js';
import type { Task } from '../../training/types.js';
import type { CalibrationMethod } from './calibration.js';
import { type CalibrationChoice, calibrationPool, chooseCalibrator } from './calibration-choice.js';
import { inferClasses } from './encoding.js';
import {
  classifierWindow,
  type EstimatedWindow,
  REGRESSION_REASON,
  regressionWindow,
  rowScorer,
} from './estimated-window.js';
import {
  checkWindow,
  optionalIso,
  type PerformanceWindow,
  resolveTimeRange,
  type TimeInput,
  toEpochMs,
  windowStartOf,
} from './time-windows.js';
import { groupByVersionAndWindow, modelTaskOf, readTraffic, type TrafficSources } from './traffic.js';

export type PerformanceEstimateOptions = {
  modelName: string;
  /** Versions to report; default every version with traffic in the range (champion and shadows). */
  versions?: readonly number[];
  window: PerformanceWindow;
  /** Half-open [from, to) on the request time. */
  from: TimeInput;
  to: TimeInput;
  /** Use only labels received by then, for calibration and the realised side alike. */
  labelsAsOf?: TimeInput;
  /** Class order from the model's signature; default inferred from the answers. */
  classes?: readonly string[];
  /** 'auto' (default): isotonic with at least `isotonicMinRows` labels, else Platt. */
  calibration?: 'auto' | CalibrationMethod;
  /** Labelled traffic from here up to `to` calibrates; default `from`. Earlier gives more labels. */
  calibrationFrom?: TimeInput;
  /** Fewer labelled rows than this: no calibration, the model's probabilities at face value. */
  minCalibrationRows?: number;
  isotonicMinRows?: number;
  /** A window with fewer requests is flagged as unreliable (sampling error). */
  minWindowRows?: number;
};

/** The contract's estimate, with the windows' calibration typed as the estimate chooses it. */
export type PerformanceEstimate = Omit<PerformanceEstimateData, 'versions'> & { versions: VersionEstimate[] };
export type VersionEstimate = Omit<PerformanceEstimateData['versions'][number], 'windows'> & {
  windows: EstimatedWindow[];
};

const DEFAULTS = {
  calibration: 'auto',
  minCalibrationRows: 100,
  isotonicMinRows: 1000,
  minWindowRows: 100,
} as const;

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new PodiumError('USAGE', `${field} must be a positive integer, not ${value}`, { field, value });
  }
  return value;
}

function resolveSettings(options: PerformanceEstimateOptions) {
  const method = options.calibration ?? DEFAULTS.calibration;
  if (!['auto', 'isotonic', 'platt'].includes(method)) {
    throw new PodiumError('USAGE', `calibration must be auto, isotonic or platt, not ${String(method)}`, {
      field: 'calibration',
    });
  }
  return {
    method,
    minCalibrationRows: positiveInteger(
      options.minCalibrationRows ?? DEFAULTS.minCalibrationRows,
      'minCalibrationRows',
    ),
    isotonicMinRows: positiveInteger(options.isotonicMinRows ?? DEFAULTS.isotonicMinRows, 'isotonicMinRows'),
    minWindowRows: positiveInteger(options.minWindowRows ?? DEFAULTS.minWindowRows, 'minWindowRows'),
  };
}

/**
 * CBPE, after NannyML, for every classifier version side by side: before labels arrive, each
 * window's accuracy (binary also precision, recall, F1 and ROC AUC) is estimated from the
 * version's own probabilities, calibrated on its labelled traffic outside the window; as labels
 * arrive the realised value and the difference are reported beside it. Read-only.
 */
export function estimatePerformance(
  stores: TrafficSources,
  options: PerformanceEstimateOptions,
): PerformanceEstimate {
  const window = checkWindow(options.window);
  const range = resolveTimeRange(options.from, options.to);
  const calibrationFromMs =
    options.calibrationFrom === undefined
      ? range.fromMs
      : toEpochMs(options.calibrationFrom, 'calibrationFrom');
  if (!(calibrationFromMs < range.toMs)) {
    throw new PodiumError('USAGE', 'calibrationFrom must be before to', { field: 'calibrationFrom' });
  }
  const settings = resolveSettings(options);
  const task = modelTaskOf(stores.versions, options.modelName);
  const rows = readTraffic(stores.traffic, {
    modelName: options.modelName,
    versions: options.versions,
    from: new Date(Math.min(calibrationFromMs, range.fromMs)).toISOString(),
    to: range.to,
    labelsAsOf: optionalIso(options.labelsAsOf, 'labelsAsOf'),
  });
  const inRange = rows.filter((row) => row.createdAtMs >= range.fromMs);
  const classes = task === 'number' ? null : options.classes ? [...options.classes] : inferClasses(rows);
  // Rows before the report's range calibrate but belong to no reported window.
  const windowOf = (ms: number) => (ms >= range.fromMs ? windowStartOf(ms, window) : Number.NaN);

  const versions = groupByVersionAndWindow(inRange, window, options.versions).map(
    (traffic): VersionEstimate => {
      if (task === 'number' || classes === null) {
        return {
          version: traffic.version,
          role: traffic.role,
          estimable: false,
          reason: REGRESSION_REASON,
          windows: traffic.windows.map((entry) => regressionWindow(entry.windowStartMs, entry.rows)),
        };
      }
      const scorer = rowScorer(task, classes);
      const pool = calibrationPool(
        rows
          .filter((row) => row.version === traffic.version && row.createdAtMs >= calibrationFromMs)
          .map((row) => ({ ...scorer(row), window: windowOf(row.createdAtMs) }))
          .filter((entry) => entry.outcome >= 0),
      );
      let everyLabel: CalibrationChoice | null = null;
      const windows = traffic.windows.map((entry) => {
        // Never calibrate on the window's own labels: the difference then measures the estimator.
        let choice: CalibrationChoice;
        if (pool.window.some((start) => start === entry.windowStartMs)) {
          choice = chooseCalibrator(pool, entry.windowStartMs, settings);
        } else {
          everyLabel ??= chooseCalibrator(pool, null, settings);
          choice = everyLabel;
        }
        return classifierWindow(task, classes, entry.windowStartMs, entry.rows, scorer, choice, settings);
      });
      return { version: traffic.version, role: traffic.role, estimable: true, reason: null, windows };
    },
  );

  return {
    modelName: options.modelName,
    task,
    method: 'cbpe',
    window,
    from: range.from,
    to: range.to,
    calibrationFrom: new Date(calibrationFromMs).toISOString(),
    classes,
    assumptions: assumptions(task, settings),
    versions,
  };
}

function assumptions(
  task: Task,
  settings: { minCalibrationRows: number; isotonicMinRows: number },
): string[] {
  if (task === 'number') return [REGRESSION_REASON];
  return [
    'Calibrated probabilities: after calibration, a score means the same chance of each label in every window. ' +
      'CBPE tolerates covariate shift (traffic moving to other scores the calibration covers) but not concept ' +
      'drift (the same score meaning another chance), which only labels reveal.',
    "Each version is calibrated on its own labelled live traffic (calibration_from to to), leaving out the window being estimated, so a window's estimate never saw its own labels. " +
      `Isotonic regression with at least ${settings.isotonicMinRows} labelled rows, Platt scaling with at least ${settings.minCalibrationRows}, ` +
      "and only when it beats the model's own probabilities on held-out labels (cross-validated Brier score); " +
      "with fewer labels the model's probabilities are taken at face value.",
    'Estimates cover every answered request of a window, realised metrics only its labelled requests: ' +
      'when labels arrive for a biased subset (e.g. only disputed cases), the two describe different populations.',
    task === 'binary'
      ? 'Precision, recall, F1 and ROC AUC are estimated as ratios of expected counts, as NannyML does.'
      : 'For multiclass models only accuracy is estimated, from the calibrated confidence of the predicted class.',
  ];
}
