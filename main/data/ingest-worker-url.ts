/**
 * The CSV ingest's worker script, and when it is used. A module of its own, importing nothing, so
 * that the CLI can start (warm) the thread before it loads the data domain
 * (common/worker-task/warm-worker.ts), and only for a file that will need it.
 */
export const INGEST_WORKER = new URL('./ingest-worker.js', import.meta.url);

/**
 * Below this size the whole ingest takes less time than starting a worker (a few tens of
 * milliseconds), so it stays on the calling thread; above it hashing, parsing and building the
 * profile would stall the thread that answers the UI.
 */
export const INGEST_IN_THREAD_MAX_BYTES = 2 << 20;
