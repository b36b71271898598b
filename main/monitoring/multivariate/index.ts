export { chanceAucThreshold, DOMAIN_CLASSIFIER_ALPHA } from './chance-auc.js';
export { covarianceMatrix } from './covariance.js';
export {
  CURRENT_SAMPLE_ROWS,
  type CurrentSample,
  currentSample,
  MULTIVARIATE_SEED,
  sampleBuffers,
} from './current-sample.js';
export { domainClassifierDrift, FOLDS } from './domain-classifier.js';
export { fitRowEncoder, type RowEncoder, TOP_CATEGORIES } from './encoding.js';
export { LIVE_MULTIVARIATE_MIN_ROWS, skippedForLiveWindow } from './live-window.js';
export {
  multivariateDrift,
  multivariateDriftOfSample,
  notApplicable as notApplicableMultivariate,
} from './multivariate-drift.js';
export { EXPLAINED_VARIANCE, fitPca, type Pca, reconstructionErrors } from './pca.js';
export { pcaReconstructionDrift, SIGMAS } from './pca-reconstruction.js';
export {
  buildReferenceSample,
  REFERENCE_SAMPLE_FILE,
  REFERENCE_SAMPLE_ROWS,
  type ReferenceSample,
  referenceSampleColumns,
  referenceSampleRows,
} from './reference-sample.js';
export { multivariateLabel, multivariateSummary } from './summary.js';
export { type SymmetricEigen, symmetricEigen } from './symmetric-eigen.js';
