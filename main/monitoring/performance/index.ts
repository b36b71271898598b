export {
  type CalibrationMethod,
  type Calibrator,
  fitIsotonic,
  fitPlatt,
  identityCalibrator,
} from './calibration.js';
export {
  type CalibrationChoice,
  type CalibrationPool,
  type CalibrationReason,
  type CalibrationSettings,
  calibrationPool,
  chooseCalibrator,
} from './calibration-choice.js';
export { type CalibrationSupport, calibrationSupport } from './calibration-support.js';
export {
  estimatePerformance,
  type PerformanceEstimate,
  type PerformanceEstimateOptions,
  type VersionEstimate,
} from './estimate-performance.js';
export type { EstimatedWindow, MetricReconciliation } from './estimated-window.js';
export {
  type ExpectedBinaryMetrics,
  expectedAccuracy,
  expectedBinaryMetrics,
  expectedRocAuc,
} from './expected-metrics.js';
export {
  checkPerformanceDrop,
  isPerformanceDrop,
  type PerformanceDrop,
  type PerformanceDropOptions,
  type PerformanceDropStatus,
  relativeDrop,
} from './performance-drop.js';
export {
  type PerformanceOverTime,
  type PerformanceOverTimeOptions,
  type PerformancePoint,
  performanceOverTime,
  type VersionSeries,
} from './performance-over-time.js';
export { type PerformanceWindow, type TimeInput, WINDOW_MS } from './time-windows.js';
export type { TrafficSources } from './traffic.js';
