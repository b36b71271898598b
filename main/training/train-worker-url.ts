/**
 * The training's worker script. A module of its own, importing nothing, so that the CLI can
 * start (warm) the thread before it loads the training domain (common/worker-task/warm-worker.ts).
 */
export const TRAIN_WORKER = new URL('./train-worker.js', import.meta.url);
