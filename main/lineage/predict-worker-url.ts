/**
 * The batch prediction's worker script. A module of its own, importing nothing, so that the CLI
 * can start (warm) the thread before it loads the lineage domain (common/worker-task/warm-worker.ts).
 */
export const PREDICT_WORKER = new URL('./predict-worker.js', import.meta.url);
