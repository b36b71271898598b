export { ROLLOUT_GUARD_ACTOR, rollBackAutomatically } from './automatic-rollback.js';
export { type BakingRecord, BakingStore } from './baking-store.js';
export { checkRollout, type GuardCheckDeps } from './guard-check.js';
export {
  breaches,
  evaluateGuards,
  type GuardReadings,
  type MetricReading,
  type ServiceReading,
} from './guard-evaluation.js';
export { readPrimaryMetric } from './metric-reading.js';
export { parseDuration, type RolloutSettings, readRolloutSettings } from './settings.js';
