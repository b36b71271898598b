import { resolve } from 'node:path';
import { byteProgress } from '../common/byte-progress.js';
import { userFileSize } from '../common/files.js';
import { asStorageFull } from '../common/storage-full.js';
import { snapshotCsvColumns } from './columnar/columnar-snapshot.js';
import { MixedNumberColumns } from './columnar/read-csv-columns.js';
import { checkTarget, type IngestOptions, ingestCsvInThread } from './ingest-csv.js';
import type { DatasetSnapshot } from './types.js';

/**
 * Ingest through the columnar reader: one read hashes and copies the file, parses it into typed
 * columns, builds the profile and writes the snapshot's columns file, so no later `loadTable`
 * parses the text again. Same checks and errors as `ingestCsvInThread`; on any error nothing
 * is left behind. Runs on the calling thread: `ingestCsv` (ingest-off-thread.ts) moves it off.
 */
export async function ingestCsvColumnar(filePath: string, options: IngestOptions): Promise<DatasetSnapshot> {
  const datasetsDir = resolve(options.datasetsDir);
  // A missing or unreadable file: the same clear error as the other path, before any work.
  const fileBytes = await userFileSize(filePath);
  const dateFormats = { ...options.dialect?.dateFormats, ...options.dateFormats };
  const dialect = Object.keys(dateFormats).length > 0 ? { ...options.dialect, dateFormats } : options.dialect;
  const target = options.target;
  try {
    const { snapshot } = await snapshotCsvColumns(filePath, {
      datasetsDir,
      sourceName: options.sourceName,
      dialect,
      fallbackDateFormats: options.fallbackDateFormats,
      target,
      strictDecimalMark: true,
      textOnMismatch: true,
      checkProfile: target === undefined ? undefined : (profile) => checkTarget(filePath, profile, target),
      signal: options.signal,
      onBytesRead: byteProgress(fileBytes, options.onProgress),
    });
    return snapshot;
  } catch (error) {
    // Rare: a column read as numbers met text after its first rows. The profiling ingest turns
    // it into text with the cells that kept it from being numbers (`almostNumeric`); it reads
    // the file again rather than keep every number column's text on the columnar read.
    if (error instanceof MixedNumberColumns) return ingestCsvInThread(filePath, options);
    throw asStorageFull(error, datasetsDir, `the snapshot of ${filePath}`);
  }
}
