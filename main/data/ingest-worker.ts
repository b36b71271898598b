import { serveWorkerTask } from '../common/worker-task/index.js';
import { ingestCsvColumnar } from './columnar-ingest.js';
import type { IngestOptions } from './ingest-csv.js';
import type { DatasetSnapshot } from './types.js';

/** Worker-thread entry for `ingestCsv`: the whole columnar read, profile and snapshot, off the caller. */
export type IngestWorkerInput = { filePath: string; options: Omit<IngestOptions, 'signal' | 'onProgress'> };

serveWorkerTask<IngestWorkerInput, DatasetSnapshot>(({ filePath, options }, task) =>
  ingestCsvColumnar(filePath, {
    ...options,
    signal: task.signal,
    onProgress: (progress) => task.emit(progress),
  }),
);
