import { serveWorkerTask } from '../common/worker-task/index.js';
import { type IngestOptions, ingestCsvInThread } from './ingest-csv.js';
import type { DatasetSnapshot } from './types.js';

/** Worker-thread entry for `ingestCsv`: the whole ingest, parsing workers included, off the caller. */
export type IngestWorkerInput = { filePath: string; options: Omit<IngestOptions, 'signal' | 'onProgress'> };

serveWorkerTask<IngestWorkerInput, DatasetSnapshot>(({ filePath, options }, task) =>
  ingestCsvInThread(filePath, {
    ...options,
    signal: task.signal,
    onProgress: (progress) => task.emit(progress),
  }),
);
