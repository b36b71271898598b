/**
 * The drift check's worker script. A module of its own, importing nothing, so that the CLI can
 * start (warm) the thread before it loads the monitoring domain (common/worker-task/warm-worker.ts).
 */
export const DRIFT_CHECK_WORKER = new URL('./drift-check-worker.js', import.meta.url);
