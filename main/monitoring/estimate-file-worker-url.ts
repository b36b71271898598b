/**
 * The performance estimate's worker script. A module of its own, importing nothing, so that the
 * CLI can start (warm) the thread before it loads the monitoring domain
 * (common/worker-task/warm-worker.ts).
 */
export const ESTIMATE_FILE_WORKER = new URL('./estimate-file-worker.js', import.meta.url);
