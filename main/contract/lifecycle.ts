import type { Metrics } from './common.js';

export type DecisionOutcome =
  | 'promote'
  | 'keep_champion'
  | 'start_shadow'
  | 'awaiting_approval'
  | 'reject'
  | 'inconclusive'
  | 'rollback';

export type MetricComparison = {
  metric: string;
  direction: 'higher' | 'lower';
  champion: number;
  challenger: number;
  /** Positive when the challenger is better, relative to the champion's value. */
  relativeImprovement: number;
  primary: boolean;
  /** Worse than the allowed regression. */
  regressed: boolean;
};

/**
 * The settings a decision was taken under, as they stood then. Which ones are stored depends on
 * how it was taken: an evaluation stores the four champion/challenger settings, a shadow test's end
 * its margin and significance, a promotion held for approval `require_approval`, one by hand none.
 */
export type DecisionThresholds = {
  champion_threshold?: number;
  max_metric_regression?: number;
  shadow_testing?: boolean;
  auto_promotion?: boolean;
  /** Shadow test: the improvement, in units of its metric, the challenger had to show. */
  margin?: number;
  significance?: number;
  require_approval?: boolean;
};

/** A stored decision with its evidence: "why is this the champion?" */
export type Decision = {
  id: number;
  modelName: string;
  outcome: DecisionOutcome;
  championVersion: number | null;
  challengerVersion: number | null;
  evaluationDatasetId: string | null;
  evaluationRows: number | null;
  metrics: {
    champion: Metrics | null;
    challenger: Metrics | null;
    comparisons: MetricComparison[];
    primary_metric: string | null;
    /** For decisions that end a shadow test: its full report (interval, pairs, tests). */
    shadow_test?: ShadowTestReport;
  };
  thresholds: DecisionThresholds;
  reasons: string[];
  summary: string;
  actor: string;
  createdAt: string;
};

export type ShadowTestStatus = 'pending' | 'running' | 'completed' | 'stopped';

export type ShadowTest = {
  id: number;
  modelName: string;
  championVersion: number;
  challengerVersion: number;
  status: ShadowTestStatus;
  decisionId: number;
  durationDays: number;
  minSamples: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
};

/** The shadow test report as `podium shadow status` computes it (always-valid interval). */
export type ShadowTestReport = {
  id: number;
  status: ShadowTestStatus;
  champion_version: number;
  challenger_version: number;
  started_at: string | null;
  duration_days: number;
  elapsed_days: number;
  days_left: number;
  min_samples: number;
  mirrored_requests: number;
  labelled_pairs: number;
  metric: string;
  champion_value: number | null;
  challenger_value: number | null;
  agreement_rate: number | null;
  latency_ms_p50: { champion: number | null; challenger: number | null };
  /** The improvement (in units of the metric) the challenger must show, from champion_threshold. */
  margin: number;
  significance: number;
  /** Always-valid bounds on the mean of d = loss(champion) − loss(challenger); null before 2 pairs. */
  interval: { lower: number; upper: number } | null;
  mean_difference: number | null;
  /** Further labelled pairs needed at the observed effect (0 once decided), or null. */
  pairs_needed: number | null;
  verdict_so_far: 'promote' | 'reject' | 'continue' | 'inconclusive';
  tests: ShadowStatisticalTests;
};

/**
 * Classical tests on the labelled pairs, reported beside the always-valid interval (which alone
 * decides). Classification: McNemar's exact test on the discordant pairs (b: champion right and
 * challenger wrong, c: the reverse), once there is one. Regression: the paired t-test from two
 * pairs, and Wilcoxon's signed-rank test once some difference is not zero. `p_greater` is the
 * one-sided p-value for "the challenger is better".
 */
export type ShadowStatisticalTests = {
  mcnemar?: { b: number; c: number; p_greater: number; p_two_sided: number };
  paired_t?: { t: number; df: number; p_greater: number; p_two_sided: number };
  wilcoxon?: { statistic: number; p_greater: number; p_two_sided: number };
};

/** The test as it stood at `at`, cumulative from its start: one point per time bucket. */
export type ShadowSeriesPoint = {
  at: string;
  mirroredRequests: number;
  labelledPairs: number;
  /** Mean of loss(champion) − loss(challenger); positive favours the challenger. */
  meanDifference: number | null;
  lower: number | null;
  upper: number | null;
  agreementRate: number | null;
  latencyMsP50: { champion: number | null; challenger: number | null };
};

export type ShadowTestOverview = ShadowTest & { report: ShadowTestReport | null };

export type ShadowTestStatusView = {
  test: ShadowTest;
  report: ShadowTestReport;
  series: ShadowSeriesPoint[];
  /** Labelled pairs in versus the minimum needed before a verdict. */
  samples: { labelled: number; needed: number };
  secondsLeft: number;
};

export type LifecycleOperations = {
  'decisions.list': { input: { model?: string; limit?: number }; output: Decision[] };
  /** Evaluates a challenger against the champion on fresh data and stores the decision. */
  'decisions.evaluate': { input: { model?: string; version?: number }; output: Decision };
  /** Without a reason, the decision records that it was promoted by hand. */
  'decisions.promote': { input: { model?: string; version?: number; reason?: string }; output: Decision };
  /** Rejects the challenger the decision was about (it leaves the challenger stage). */
  'decisions.reject': { input: { decisionId: number; reason: string }; output: Decision };
  'shadow.list': { input: { model?: string }; output: ShadowTestOverview[] };
  'shadow.start': { input: { model?: string; version?: number }; output: ShadowTest };
  'shadow.status': { input: { testId: number }; output: ShadowTestStatusView };
  'shadow.stop': { input: { testId: number; reason?: string }; output: ShadowTest };
  /** Ends the test now with a stored decision from the evidence so far. */
  'shadow.complete': { input: { testId: number }; output: Decision };
  /** Pairs and days a shadow test needs (power 0.8 at the configured significance). */
  'shadow.plan': { input: ShadowPlanInput; output: ShadowPlan };
  /** Simulated shadow tests through the decision code the app uses (configured thresholds). */
  'shadow.simulate': { input: ShadowSimulationInput; output: ShadowSimulation };
};

export type ShadowPlanInput = {
  task: 'binary' | 'number';
  /** binary: the champion's accuracy; number: its mean absolute error. */
  baseline: number;
  /** binary: accuracy points; number: relative MAE reduction. */
  minEffect: number;
  pairsPerDay?: number;
  /** Promotion margin in the units of minEffect; default 0. */
  margin?: number;
};

export type ShadowPlan = {
  task: 'binary' | 'number';
  /** minEffect and margin in units of d (accuracy gain, or MAE reduction). */
  effect: number;
  margin: number;
  sd: number;
  fixedHorizonPairs: number;
  sequentialPairs: number;
  /** Pass this as `nStar` to shadowVerdict. */
  nStar: number;
  fixedHorizonDays: number | null;
  sequentialDays: number | null;
  assumptions: string[];
};

export type ShadowSimulationInput = {
  task: 'binary' | 'number';
  /** True improvement in multiples of the margin (0 = no better). */
  effect: number;
  trials: number;
  seed?: number;
  /** Champion accuracy (binary, default 0.8) or MAE (number, default 1). */
  baseline?: number;
  /** Pairs after which a test stops undecided; default 20,000. */
  maxPairs?: number;
};

export type ShadowSimulation = {
  falsePromotionRate: number | null;
  power: number | null;
  promoteRate: number;
  rejectRate: number;
  inconclusiveRate: number;
  meanPairsToDecision: number;
  meanPairsToPromotion: number | null;
  fixedHorizonPairs: number | null;
  trueMean: number;
  sd: number;
  nStar: number;
  trials: number;
};
