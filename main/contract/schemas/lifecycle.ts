/** Schemas of decisions and shadow tests (../lifecycle.ts). */
import { z } from 'zod';
import type {
  Decision,
  DecisionOutcome,
  DecisionThresholds,
  LifecycleOperations,
  MetricComparison,
  ShadowPlan,
  ShadowPlanInput,
  ShadowSeriesPoint,
  ShadowSimulation,
  ShadowSimulationInput,
  ShadowStatisticalTests,
  ShadowTest,
  ShadowTestOverview,
  ShadowTestReport,
  ShadowTestStatus,
  ShadowTestStatusView,
} from '../lifecycle.js';
import { MetricsSchema } from './common.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

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
  relativeImprovement: z.number(),
  primary: z.boolean(),
  regressed: z.boolean(),
});

export const DecisionThresholdsSchema = z.strictObject({
  champion_threshold: z.number().optional(),
  max_metric_regression: z.number().optional(),
  shadow_testing: z.boolean().optional(),
  auto_promotion: z.boolean().optional(),
  margin: z.number().optional(),
  significance: z.number().optional(),
  require_approval: z.boolean().optional(),
});

export const ShadowTestStatusSchema = z.enum(['pending', 'running', 'completed', 'stopped']);

const pValues = { p_greater: z.number(), p_two_sided: z.number() };

export const ShadowStatisticalTestsSchema = z.strictObject({
  mcnemar: z.strictObject({ b: z.number(), c: z.number(), ...pValues }).optional(),
  paired_t: z.strictObject({ t: z.number(), df: z.number(), ...pValues }).optional(),
  wilcoxon: z.strictObject({ statistic: z.number(), ...pValues }).optional(),
});

const latencies = z.strictObject({ champion: z.number().nullable(), challenger: z.number().nullable() });

export const ShadowTestReportSchema = z.strictObject({
  id: z.number(),
  status: ShadowTestStatusSchema,
  champion_version: z.number(),
  challenger_version: z.number(),
  started_at: z.string().nullable(),
  duration_days: z.number(),
  elapsed_days: z.number(),
  days_left: z.number(),
  min_samples: z.number(),
  mirrored_requests: z.number(),
  labelled_pairs: z.number(),
  metric: z.string(),
  champion_value: z.number().nullable(),
  challenger_value: z.number().nullable(),
  agreement_rate: z.number().nullable(),
  latency_ms_p50: latencies,
  margin: z.number(),
  significance: z.number(),
  interval: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
  mean_difference: z.number().nullable(),
  pairs_needed: z.number().nullable(),
  verdict_so_far: z.enum(['promote', 'reject', 'continue', 'inconclusive']),
  tests: ShadowStatisticalTestsSchema,
});

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
    primary_metric: z.string().nullable(),
    shadow_test: ShadowTestReportSchema.optional(),
  }),
  thresholds: DecisionThresholdsSchema,
  reasons: z.array(z.string()),
  summary: z.string(),
  actor: z.string(),
  createdAt: z.string(),
});

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

export const ShadowSeriesPointSchema = z.strictObject({
  at: z.string(),
  mirroredRequests: z.number(),
  labelledPairs: z.number(),
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
  samples: z.strictObject({ labelled: z.number(), needed: z.number() }),
  secondsLeft: z.number(),
});

const planTask = z.enum(['binary', 'number']);

/** As the handler's input (main/lifecycle/handlers.ts). */
export const ShadowPlanInputSchema = z.strictObject({
  task: planTask,
  baseline: z.number().positive(),
  minEffect: z.number().positive(),
  pairsPerDay: z.number().positive().optional(),
  margin: z.number().min(0).optional(),
});

export const ShadowPlanSchema = z.strictObject({
  task: planTask,
  effect: z.number(),
  margin: z.number(),
  sd: z.number(),
  fixedHorizonPairs: z.number(),
  sequentialPairs: z.number(),
  nStar: z.number(),
  fixedHorizonDays: z.number().nullable(),
  sequentialDays: z.number().nullable(),
  assumptions: z.array(z.string()),
});

/** As the handler's input (main/lifecycle/handlers.ts). */
export const ShadowSimulationInputSchema = z.strictObject({
  task: planTask,
  effect: z.number().min(0),
  // Bounded so one request cannot hold the core for hours.
  trials: z.number().int().min(1).max(100_000),
  seed: z.number().int().min(0).optional(),
  baseline: z.number().positive().optional(),
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
  'shadow.complete': { input: z.strictObject({ testId: id }), output: DecisionSchema },
  'shadow.plan': { input: ShadowPlanInputSchema, output: ShadowPlanSchema },
  'shadow.simulate': { input: ShadowSimulationInputSchema, output: ShadowSimulationSchema },
};

export type LifecycleTypeChecks = [
  Assert<Equal<z.infer<typeof DecisionOutcomeSchema>, DecisionOutcome>>,
  Assert<Equal<z.infer<typeof MetricComparisonSchema>, MetricComparison>>,
  Assert<Equal<z.infer<typeof DecisionThresholdsSchema>, DecisionThresholds>>,
  Assert<Equal<z.infer<typeof ShadowTestStatusSchema>, ShadowTestStatus>>,
  Assert<Equal<z.infer<typeof ShadowStatisticalTestsSchema>, ShadowStatisticalTests>>,
  Assert<Equal<z.infer<typeof ShadowTestReportSchema>, ShadowTestReport>>,
  Assert<Equal<z.infer<typeof DecisionSchema>, Decision>>,
  Assert<Equal<z.infer<typeof ShadowTestSchema>, ShadowTest>>,
  Assert<Equal<z.infer<typeof ShadowSeriesPointSchema>, ShadowSeriesPoint>>,
  Assert<Equal<z.infer<typeof ShadowTestOverviewSchema>, ShadowTestOverview>>,
  Assert<Equal<z.infer<typeof ShadowTestStatusViewSchema>, ShadowTestStatusView>>,
  Assert<Equal<z.infer<typeof ShadowPlanInputSchema>, ShadowPlanInput>>,
  Assert<Equal<z.infer<typeof ShadowPlanSchema>, ShadowPlan>>,
  Assert<Equal<z.infer<typeof ShadowSimulationInputSchema>, ShadowSimulationInput>>,
  Assert<Equal<z.infer<typeof ShadowSimulationSchema>, ShadowSimulation>>,
  NoneOf<OperationMismatches<LifecycleOperations, typeof lifecycleOperationSchemas>>,
];
