import { stat } from 'node:fs/promises';
import { byteProgress } from '../common/byte-progress.js';
import { serveWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { readCsvColumns } from '../data/columnar/index.js';
import type { DateFormat } from '../data/index.js';
import {
  estimateVersion,
  type VersionEstimateResult,
  type VersionToEstimate,
} from './performance/version-estimate.js';

/**
 * The label-free estimate of a file in a worker thread: reading the file, scoring it with each
 * version, fitting each version's estimator on its held-out reference rows (small gradient
 * boosted trees), and, for attribution, estimating again once per column.
 */
export type EstimateFileInput = {
  file: string;
  dialect?: CsvDialectOptions;
  fallbackDateFormats?: Record<string, DateFormat>;
  expectedNumbers: string[];
  versions: VersionToEstimate[];
  /** Attribution of the first version (the champion). */
  attribution: boolean;
};
export type EstimateFileOutput = { rows: number; versions: VersionEstimateResult[] };

serveWorkerTask<EstimateFileInput, EstimateFileOutput, TaskProgress>(async (input, task) => {
  const { table } = await readCsvColumns(input.file, {
    dialect: input.dialect,
    fallbackDateFormats: input.fallbackDateFormats,
    expectedNumbers: new Set(input.expectedNumbers),
    signal: task.signal,
    // Its bytes, for the CLI's bar (step `read`); a file that cannot be read says so in the read.
    onBytesRead: await stat(input.file).then(
      ({ size }) => byteProgress(size, (progress) => task.emit(progress)),
      () => undefined,
    ),
  });
  const versions: VersionEstimateResult[] = [];
  for (const [index, version] of input.versions.entries()) {
    versions.push(await estimateVersion(table, version, { attribution: input.attribution && index === 0 }));
  }
  return { rows: table.rowCount, versions };
});
