export { type CleanupReport, cleanExpiredRuns } from './cleanup.js';
export { FINAL_STEP, type MetricPoint, type Run, type RunStatus, RunStore } from './runs.js';
