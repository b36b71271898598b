export { binomialCdf, binomialSfInclusive, studentTCdf, studentTSf } from './distributions.js';
export { normalCdf, normalPdf, normalQuantile, normalSf } from './normal.js';
export {
  incompleteBeta,
  logBeta,
  logGamma,
  regularizedGammaQ,
  regularizedIncompleteBeta,
} from './special-functions.js';
