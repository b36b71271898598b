/** Decisions and shadow tests: types of the schemas in ./schemas/lifecycle.ts. */
import type { z } from 'zod';
import type {
  DecisionOutcomeSchema,
  DecisionSchema,
  DecisionThresholdsSchema,
  lifecycleOperationSchemas,
  MetricComparisonSchema,
  ShadowPlanInputSchema,
  ShadowPlanSchema,
  ShadowSeriesPointSchema,
  ShadowSimulationInputSchema,
  ShadowSimulationSchema,
  ShadowStatisticalTestsSchema,
  ShadowTestOverviewSchema,
  ShadowTestReportSchema,
  ShadowTestSchema,
  ShadowTestStatusSchema,
  ShadowTestStatusViewSchema,
} from './schemas/lifecycle.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type DecisionOutcome = z.infer<typeof DecisionOutcomeSchema>;
export type MetricComparison = z.infer<typeof MetricComparisonSchema>;
export type DecisionThresholds = z.infer<typeof DecisionThresholdsSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type ShadowTestStatus = z.infer<typeof ShadowTestStatusSchema>;
export type ShadowTest = z.infer<typeof ShadowTestSchema>;
export type ShadowTestReport = z.infer<typeof ShadowTestReportSchema>;
export type ShadowStatisticalTests = z.infer<typeof ShadowStatisticalTestsSchema>;
export type ShadowSeriesPoint = z.infer<typeof ShadowSeriesPointSchema>;
export type ShadowTestOverview = z.infer<typeof ShadowTestOverviewSchema>;
export type ShadowTestStatusView = z.infer<typeof ShadowTestStatusViewSchema>;
export type LifecycleOperations = OperationsOf<typeof lifecycleOperationSchemas>;
export type ShadowPlanInput = z.infer<typeof ShadowPlanInputSchema>;
export type ShadowPlan = z.infer<typeof ShadowPlanSchema>;
export type ShadowSimulationInput = z.infer<typeof ShadowSimulationInputSchema>;
export type ShadowSimulation = z.infer<typeof ShadowSimulationSchema>;
