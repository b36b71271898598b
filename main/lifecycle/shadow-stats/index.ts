export * from '../../common/statistics/index.js';
export {
  type BetaBinomialEvidence,
  betaBinomialDecision,
  betaBinomialEvidence,
  betaPriorForPairs,
} from './beta-binomial-mixture.js';
export {
  type McNemarResult,
  mcnemarExact,
  type PairedTTestResult,
  type PValues,
  pairedTTest,
  WILCOXON_EXACT_MAX_N,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from './classical.js';
export {
  type ConfidenceSequence,
  type ConfidenceSequenceInput,
  confidenceSequence,
  mixtureRho,
  oneSidedMixtureZ,
  oneSidedRadius,
  type StreamSummary,
  twoSidedRadius,
} from './confidence-sequence.js';
export {
  type BinaryPairModel,
  binaryPairModel,
  marginFromThreshold,
  type NumberPairModel,
  numberPairModel,
  type ShadowTask,
} from './pair-model.js';
export { fixedHorizonPairs, planShadowTest, type ShadowPlan, type ShadowPlanInput } from './plan.js';
export { type SimulateShadowInput, type SimulateShadowResult, simulateShadowTests } from './simulate.js';
export {
  type ShadowDecision,
  type ShadowFinalVerdict,
  type ShadowVerdict,
  type ShadowVerdictInput,
  shadowFinalVerdict,
  shadowVerdict,
} from './verdict.js';
