import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { runWorkerTask } from '../common/worker-task/index.js';
import type { IngestOptions } from './ingest-csv.js';
import type { IngestWorkerInput } from './ingest-worker.js';
import { INGEST_IN_THREAD_MAX_BYTES, INGEST_WORKER } from './ingest-worker-url.js';
import { checkNoCsvDialect, withCsvOf } from './parquet/parquet-input.js';
import type { DatasetSnapshot } from './types.js';

/**
 * `ingestCsvColumnar` off the calling thread for any file big enough to matter: one read into
 * typed columns that stores the snapshot, its profile and its columns file. A Parquet file is ingested as the CSV it converts to (parquet/parquet-input.ts) and
 * keeps its own name as the snapshot's source.
 */
export async function ingestCsv(filePath: string, options: IngestOptions): Promise<DatasetSnapshot> {
  checkNoCsvDialect(filePath, options.dialect);
  return withCsvOf(filePath, options.datasetsDir, (csv) =>
    ingestReadable(csv, { ...options, sourceName: options.sourceName ?? basename(filePath) }),
  );
}

async function ingestReadable(filePath: string, options: IngestOptions): Promise<DatasetSnapshot> {
  const bytes = await stat(filePath).then(
    (info) => info.size,
    () => 0,
  );
  // Missing files and small ones: the in-thread path gives the same errors without a worker.
  if (bytes < INGEST_IN_THREAD_MAX_BYTES) {
    // The columnar reader loads here only; a big file's is the worker's, not this thread's.
    const { ingestCsvColumnar } = await import('./columnar-ingest.js');
    return ingestCsvColumnar(filePath, options);
  }
  const { signal, onProgress, ...rest } = options;
  return runWorkerTask<IngestWorkerInput, DatasetSnapshot>(
    INGEST_WORKER,
    { filePath, options: rest },
    { name: 'CSV ingest', signal, onProgress },
  );
}
