/** Schemas of decisions and shadow tests (../lifecycle.ts). */
import { z } from 'zod';
import type { DocumentOptions } from '../documented-json.js';
import { MetricsSchema } from './common.js';

export const DecisionOutcomeSchema = z.enum([
  'promote',
  'keep_champion',
  'start_shadow',
  'awaiting_approval',
  'reject',
  'inconclusive',
  'rollback',
]);

export const MetricComparisonSchema = z.strictObject({
  metric: z.string(),
  direction: z.enum(['higher', 'lower']),
  champion: z.number(),
  challenger: z.number(),
  /** Positive when the challenger is better, relative to the champion's value. */
  relativeImprovement: z.number(),
  primary: z.boolean(),
  /** Worse than the allowed regression. */
  regressed: z.boolean(),
});

/**
 * The settings a decision was taken under, as they stood then (named after the settings of
 * config.yaml they record). Which ones are stored depends on how it was taken: an evaluation stores
 * the four champion/challenger settings, a shadow test's end its margin and significance, a
 * promotion held for approval `requireApproval`, one by hand none.
 */
export const DecisionThresholdsSchema = z.strictObject({
  championThreshold: z.number().optional(),
  maxMetricRegression: z.number().optional(),
  shadowTesting: z.boolean().optional(),
  autoPromotion: z.boolean().optional(),
  /** Shadow test: the improvement, in units of its metric, the challenger had to show. */
  margin: z.number().optional(),
  significance: z.number().optional(),
  requireApproval: z.boolean().optional(),
});

export const ShadowTestStatusSchema = z.enum(['pending', 'running', 'completed', 'stopped']);

const pValues = { pGreater: z.number(), pTwoSided: z.number() };

/**
 * Classical tests on the labelled pairs, reported beside the always-valid interval (which alone
 * decides). Classification: McNemar's exact test on the discordant pairs (b: champion right and
 * challenger wrong, c: the reverse), once there is one. Regression: the paired t-test from two
 * pairs, and Wilcoxon's signed-rank test once some difference is not zero. `pGreater` is the
 * one-sided p-value for "the challenger is better".
 */
export const ShadowStatisticalTestsSchema = z.strictObject({
  mcnemar: z.strictObject({ b: z.number(), c: z.number(), ...pValues }).optional(),
  pairedT: z.strictObject({ t: z.number(), df: z.number(), ...pValues }).optional(),
  wilcoxon: z.strictObject({ statistic: z.number(), ...pValues }).optional(),
});

const latencies = z.strictObject({ champion: z.number().nullable(), challenger: z.number().nullable() });

/** The shadow test report as `podium shadow status` computes it (always-valid interval). */
export const ShadowTestReportSchema = z.strictObject({
  id: z.number(),
  status: ShadowTestStatusSchema,
  championVersion: z.number(),
  challengerVersion: z.number(),
  startedAt: z.string().nullable(),
  durationDays: z.number(),
  elapsedDays: z.number(),
  daysLeft: z.number(),
  minSamples: z.number(),
  mirroredRequests: z.number(),
  labelledPairs: z.number(),
  metric: z.string(),
  championValue: z.number().nullable(),
  challengerValue: z.number().nullable(),
  agreementRate: z.number().nullable(),
  latencyMsP50: latencies,
  /** The improvement (in units of the metric) the challenger must show, from the champion_threshold setting. */
  margin: z.number(),
  significance: z.number(),
  /** Always-valid bounds on the mean of d = loss(champion) − loss(challenger); null before 2 pairs. */
  interval: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
  meanDifference: z.number().nullable(),
  /** Further labelled pairs needed at the observed effect (0 once decided), or null. */
  pairsNeeded: z.number().nullable(),
  verdictSoFar: z.enum(['promote', 'reject', 'continue', 'inconclusive']),
  tests: ShadowStatisticalTestsSchema,
});

/** A stored decision with its evidence: "why is this the champion?" */
export const DecisionSchema = z.strictObject({
  id: z.number(),
  modelName: z.string(),
  outcome: DecisionOutcomeSchema,
  championVersion: z.number().nullable(),
  challengerVersion: z.number().nullable(),
  evaluationDatasetId: z.string().nullable(),
  evaluationRows: z.number().nullable(),
  metrics: z.strictObject({
    champion: MetricsSchema.nullable(),
    challenger: MetricsSchema.nullable(),
    comparisons: z.array(MetricComparisonSchema),
    primaryMetric: z.string().nullable(),
    /** For decisions that end a shadow test: its full report (interval, pairs, tests). */
    shadowTest: ShadowTestReportSchema.optional(),
  }),
  thresholds: DecisionThresholdsSchema,
  reasons: z.array(z.string()),
  summary: z.string(),
  actor: z.string(),
  createdAt: z.string(),
});

/**
 * How a decision reads outside the contract, as it always has (`podium evaluate --json`, and the
 * decisions table's metrics_json and thresholds_json): its own fields and its comparisons' named as
 * in the contract, the rest of its evidence in snake_case (contract/documented-json.ts).
 */
export const decisionDocument: DocumentOptions = { contractNames: [DecisionSchema, MetricComparisonSchema] };

export const ShadowTestSchema = z.strictObject({
  id: z.number(),
  modelName: z.string(),
  championVersion: z.number(),
  challengerVersion: z.number(),
  status: ShadowTestStatusSchema,
  decisionId: z.number(),
  durationDays: z.number(),
  minSamples: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});

/** The test as it stood at `at`, cumulative from its start: one point per time bucket. */
export const ShadowSeriesPointSchema = z.strictObject({
  at: z.string(),
  mirroredRequests: z.number(),
  labelledPairs: z.number(),
  /** Mean of loss(champion) − loss(challenger); positive favours the challenger. */
  meanDifference: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  agreementRate: z.number().nullable(),
  latencyMsP50: latencies,
});

export const ShadowTestOverviewSchema = z.strictObject({
  ...ShadowTestSchema.shape,
  report: ShadowTestReportSchema.nullable(),
});

export const ShadowTestStatusViewSchema = z.strictObject({
  test: ShadowTestSchema,
  report: ShadowTestReportSchema,
  series: z.array(ShadowSeriesPointSchema),
  /** Labelled pairs in versus the minimum needed before a verdict. */
  samples: z.strictObject({ labelled: z.number(), needed: z.number() }),
  secondsLeft: z.number(),
});

const planTask = z.enum(['binary', 'number']);

/** As the handler's input (main/lifecycle/handlers.ts). */
export const ShadowPlanInputSchema = z.strictObject({
  task: planTask,
  /** binary: the champion's accuracy; number: its mean absolute error. */
  baseline: z.number().positive(),
  /** binary: accuracy points; number: relative MAE reduction. */
  minEffect: z.number().positive(),
  pairsPerDay: z.number().positive().optional(),
  /** Promotion margin in the units of minEffect; default 0. */
  margin: z.number().min(0).optional(),
});

export const ShadowPlanSchema = z.strictObject({
  task: planTask,
  /** minEffect and margin in units of d (accuracy gain, or MAE reduction). */
  effect: z.number(),
  margin: z.number(),
  sd: z.number(),
  fixedHorizonPairs: z.number(),
  sequentialPairs: z.number(),
  /** Pass this as `nStar` to shadowVerdict. */
  nStar: z.number(),
  fixedHorizonDays: z.number().nullable(),
  sequentialDays: z.number().nullable(),
  assumptions: z.array(z.string()),
});

/** As the handler's input (main/lifecycle/handlers.ts). */
export const ShadowSimulationInputSchema = z.strictObject({
  task: planTask,
  /** True improvement in multiples of the margin (0 = no better). */
  effect: z.number().min(0),
  // Bounded so one request cannot hold the core for hours.
  trials: z.number().int().min(1).max(100_000),
  seed: z.number().int().min(0).optional(),
  /** Champion accuracy (binary, default 0.8) or MAE (number, default 1). */
  baseline: z.number().positive().optional(),
  /** Pairs after which a test stops undecided; default 20,000. */
  maxPairs: z.number().int().min(1).max(1_000_000).optional(),
});

export const ShadowSimulationSchema = z.strictObject({
  falsePromotionRate: z.number().nullable(),
  power: z.number().nullable(),
  promoteRate: z.number(),
  rejectRate: z.number(),
  inconclusiveRate: z.number(),
  meanPairsToDecision: z.number(),
  meanPairsToPromotion: z.number().nullable(),
  fixedHorizonPairs: z.number().nullable(),
  trueMean: z.number(),
  sd: z.number(),
  nStar: z.number(),
  trials: z.number(),
});

/** Inputs of the operations served by main/lifecycle/handlers.ts (overview.get and status.get, also there, are in ./overview.ts). */
const name = z.string().min(1);
const version = z.number().int().min(1);
const id = z.number().int().min(1);

export const lifecycleOperationSchemas = {
  'decisions.list': {
    input: z.strictObject({ model: name.optional(), limit: z.number().int().min(1).max(1000).optional() }),
    output: z.array(DecisionSchema),
  },
  'decisions.evaluate': {
    input: z.strictObject({ model: name.optional(), version: version.optional() }),
    output: DecisionSchema,
  },
  'decisions.promote': {
    input: z.strictObject({
      model: name.optional(),
      version: version.optional(),
      reason: z.string().trim().min(1).optional(),
    }),
    output: DecisionSchema,
  },
  /** Rejects the challenger the decision was about (it leaves the challenger stage). */
  'decisions.reject': {
    input: z.strictObject({ decisionId: id, reason: z.string().trim().min(1) }),
    output: DecisionSchema,
  },
  'shadow.list': {
    input: z.strictObject({ model: name.optional() }),
    output: z.array(ShadowTestOverviewSchema),
  },
  'shadow.start': {
    input: z.strictObject({ model: name.optional(), version: version.optional() }),
    output: ShadowTestSchema,
  },
  'shadow.status': { input: z.strictObject({ testId: id }), output: ShadowTestStatusViewSchema },
  'shadow.stop': {
    input: z.strictObject({ testId: id, reason: z.string().trim().min(1).optional() }),
    output: ShadowTestSchema,
  },
  /** Ends the test now with a stored decision from the evidence so far. */
  'shadow.complete': { input: z.strictObject({ testId: id }), output: DecisionSchema },
  /** Pairs and days a shadow test needs (power 0.8 at the configured significance). */
  'shadow.plan': { input: ShadowPlanInputSchema, output: ShadowPlanSchema },
  /** Simulated shadow tests through the decision code the app uses (configured thresholds). */
  'shadow.simulate': { input: ShadowSimulationInputSchema, output: ShadowSimulationSchema },
};
