export { OTHER_BUCKET, UNSEEN_BUCKET } from './categorical-drift.js';
export {
  type ChiSquareCells,
  type ChiSquareResult,
  chiSquareHomogeneity,
  chiSquareSf,
} from './chi-square.js';
export { type ChunkedDrift, DEFAULT_MIN_CHUNK_ROWS, detectDriftByPeriod } from './chunked-drift.js';
export { type CurrentData, detectDrift, summarise as summariseDrift } from './detect.js';
export { type KsPValue, kolmogorovSf, ksPValue, tieBlockEnds } from './ks-p-value.js';
export { adjustPValues, type Correction } from './multiple-testing.js';
export { DEFAULT_DRIFT_OPTIONS, type DriftOptions, resolveDriftOptions } from './options.js';
export {
  DRIFT_PERIODS,
  type DriftPeriod,
  groupRowsByPeriod,
  MAX_PERIODS,
  periodLabel,
  periodStartDay,
} from './periods.js';
export { jensenShannonDistance, PSI_EPSILON, populationStabilityIndex } from './psi.js';
export {
  buildReferenceDistribution,
  type CategoricalReference,
  type ColumnKind,
  type DriftColumn,
  type FeatureReference,
  type NumericReference,
  type PredictionColumn,
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
  type ReferenceOptions,
} from './reference.js';
export { compareWithReference, referenceCdf } from './reference-cdf.js';
export type {
  CategoricalHistograms,
  DriftBasis,
  DriftChunk,
  DriftReport,
  DriftStatistics,
  DriftStatus,
  FeatureDrift,
  NumericHistograms,
} from './report.js';
export { detectDriftInWorker } from './run-drift.js';
