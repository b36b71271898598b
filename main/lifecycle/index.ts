export { approvalHint, approvalRequired, assertTrainingAllowed, gatedOutcome } from './approval-gate.js';
export { type AuditAction, type AuditEntry, AuditLog, type NewAuditEntry } from './audit-log.js';
export type { CycleChecks, CycleOptions } from './cycle.js';
export { type DecisionOutcome, decide, type MetricComparison, type Verdict } from './decide.js';
export { type DecisionRecord, DecisionStore } from './decision-store.js';
export { ChampionChallengerManager, type LifecycleStores } from './manager.js';
export { chooseMetrics, type MetricChoice } from './metric-choice.js';
export { type ComparedModel, type ComparisonSplit, comparisonModels } from './model-comparison.js';
export { Promotions } from './promotion.js';
export { collectShadowEvidence, type ShadowEvidence } from './shadow-evidence.js';
export * as shadowStats from './shadow-stats/index.js';
export { type ShadowTestRecord, ShadowTestStore } from './shadow-test-store.js';
export { type ShadowTestReport, ShadowTestService } from './shadow-tests.js';
export type {
  CompareModelsOptions,
  CycleReport,
  LifecycleProgress,
  LifecycleStatus,
  TrainChallengerOptions,
  TrainChallengerResult,
} from './types.js';
export { parseVersionRef } from './version-ref.js';
