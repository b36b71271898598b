import { randomUUID } from 'node:crypto';
import { renameSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseModelRef } from '../common/version-ref.js';
import type { TaskProgress } from '../common/worker-task/index.js';
import { type CsvDialect, DEFAULT_CSV_DIALECT } from '../contract/csv-dialect.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { PodiumEventSink } from '../contract/event-sink.js';
import type { DomainHandlers, JsonValue } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import { sampleDialect, sampleDialectOfText, sampledDateFormats } from './csv-dialect.js';
import type { DatasetStore, DatasetUsers, StoredDataset } from './dataset-store.js';
import { toDataset, toDatasetSummary } from './dataset-summary.js';
import { ingestCsv } from './ingest-off-thread.js';
import { isParquetFile } from './parquet/parquet-input.js';
import { columnsPathFor } from './snapshot-columns/index.js';
import { safeFileName, UPLOAD_CHUNK_BYTES, UploadSessions } from './uploads.js';

type DataOperation =
  | 'data.ingest'
  | 'data.ingestFile'
  | 'data.uploadStart'
  | 'data.uploadChunk'
  | 'data.uploadFinish'
  | 'data.uploadCancel'
  | 'data.dialect'
  | 'data.list'
  | 'data.profile'
  | 'data.remove'
  | 'data.export';

export function dataHandlers(context: {
  workspace: Workspace;
  stores: { datasets: DatasetStore };
  /** Where an ingest's progress goes (`operation.progress`, step `read`, in bytes). */
  events: PodiumEventSink;
  /** The dialect of a model's training data: how its later files' undecidable dates are read. */
  manager: { trainingDialect(modelName: string): CsvDialect | null };
}): DomainHandlers<DataOperation> {
  const { workspace, manager, events } = context;
  const { datasets } = context.stores;
  const uploads = new UploadSessions(join(workspace.paths.root, 'uploads'));
  /** Ingests by path that a caller named (`ingestId`), so they can be cancelled. */
  const fileIngests = new Map<string, AbortController>();
  const datasetById = (datasetId: string) => resolveDataset(datasets, datasetId);
  /** The read's progress as the views and the CLI hear it; `message` names what is read. */
  const reportTo = (operation: DataOperation, message: string) => (progress: TaskProgress) =>
    events.emit('operation.progress', { operation, ...progress, message });
  return {
    'data.ingest': defineOperation('data.ingest', async ({ fileName, csvText, dialect }) => {
      const name = safeFileName(fileName);
      // The existing streaming ingest reads a file: the upload goes to the workspace first,
      // so the profile is exactly the CLI's, and is removed whatever happens.
      const folder = join(workspace.paths.root, 'uploads', randomUUID());
      await mkdir(folder, { recursive: true });
      const file = join(folder, name);
      try {
        await writeFile(file, csvText, 'utf8');
        const snapshot = await ingestCsv(file, {
          datasetsDir: workspace.paths.datasets,
          sourceName: name,
          dialect,
        });
        return toDataset(datasets.record(snapshot));
      } catch (error) {
        throw withUserPath(error, file, name);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }),
    'data.ingestFile': defineOperation('data.ingestFile', async ({ file, dialect, ingestId }) => {
      const path = resolve(file);
      const controller = new AbortController();
      if (ingestId !== undefined) {
        if (fileIngests.has(ingestId))
          throw new PodiumError('CONFLICT', `An ingest with id ${ingestId} is already running`, {
            field: 'ingestId',
          });
        fileIngests.set(ingestId, controller);
      }
      try {
        const snapshot = await ingestCsv(path, {
          datasetsDir: workspace.paths.datasets,
          dialect,
          signal: controller.signal,
          onProgress: reportTo('data.ingestFile', ingestId ?? path),
        });
        return toDataset(datasets.record(snapshot));
      } finally {
        if (ingestId !== undefined) fileIngests.delete(ingestId);
      }
    }),
    'data.uploadStart': defineOperation('data.uploadStart', async ({ fileName, bytes, dialect }) => {
      const upload = await uploads.start({ fileName, bytes, dialect });
      return { uploadId: upload.id, chunkBytes: UPLOAD_CHUNK_BYTES };
    }),
    'data.uploadChunk': defineOperation('data.uploadChunk', async ({ uploadId, offset, base64 }) => {
      const upload = await uploads.append(uploadId, offset, base64);
      return { received: upload.received, bytes: upload.bytes };
    }),
    'data.uploadFinish': defineOperation('data.uploadFinish', ({ uploadId }) =>
      uploads.finish(uploadId, async (upload, signal) => {
        try {
          const snapshot = await ingestCsv(upload.file, {
            datasetsDir: workspace.paths.datasets,
            sourceName: upload.fileName,
            dialect: upload.dialect,
            signal,
            // The upload's id, so a view with several uploads knows whose progress this is.
            onProgress: reportTo('data.uploadFinish', upload.id),
          });
          return toDataset(datasets.record(snapshot));
        } catch (error) {
          throw withUserPath(error, upload.file, upload.fileName);
        }
      }),
    ),
    'data.uploadCancel': defineOperation('data.uploadCancel', async ({ uploadId }) => {
      // The desktop app's ingest of a dropped file by path is cancelled the same way.
      const fileIngest = fileIngests.get(uploadId);
      fileIngest?.abort();
      return { cancelled: fileIngest !== undefined || (await uploads.cancel(uploadId)) };
    }),
    'data.remove': defineOperation('data.remove', async ({ datasetId }) => {
      const dataset = datasetById(datasetId);
      const removed = await removeSnapshot(datasets, dataset);
      return toDatasetSummary(removed);
    }),
    'data.dialect': defineOperation(
      'data.dialect',
      async ({ file, csvText, fileName, dialect = {}, model }) => {
        if (file === undefined && csvText === undefined)
          throw new PodiumError('USAGE', 'data.dialect: give either file or csvText', { field: 'file' });
        // A Parquet file is read as Podium's own CSV dialect (parquet/parquet-to-csv.ts).
        if (file !== undefined && isParquetFile(file)) return DEFAULT_CSV_DIALECT;
        // An upload is named in messages by the name the user knows, never a path.
        const source = file ?? safeFileName(fileName ?? 'upload.csv');
        const sampled =
          csvText === undefined
            ? await sampleDialect(source, dialect)
            : sampleDialectOfText(csvText, dialect);
        // Only the model's name matters here: its training data's dialect, whichever version is meant.
        const name =
          (model === undefined ? undefined : parseModelRef(model).model) ??
          workspace.config.training.model_name;
        const training = name ? manager.trainingDialect(name) : null;
        return {
          delimiter: sampled.delimiter,
          decimal: sampled.decimal,
          dateFormats: sampledDateFormats(sampled, source, dialect, training?.dateFormats),
        };
      },
    ),
    'data.export': defineOperation('data.export', async ({ datasetId, format, file }) => {
      const dataset = datasetById(datasetId);
      // The writers (csv-stringify, DuckDB for Parquet) load on the first export, not with `data add`.
      const { exportSnapshot } = await import('./export-snapshot.js');
      const exported = await exportSnapshot(dataset, format, resolve(file), workspace.paths.datasets);
      return { datasetId: dataset.id, ...exported };
    }),
    'data.list': defineOperation('data.list', () => datasets.list().map(toDatasetSummary)),
    'data.profile': defineOperation('data.profile', ({ datasetId }) => toDataset(datasetById(datasetId))),
  };
}

/**
 * The dataset an id or a unique prefix of one names: NOT_FOUND naming the datasets there are,
 * USAGE naming the candidates when the prefix fits several.
 */
function resolveDataset(datasets: DatasetStore, datasetId: string): StoredDataset {
  const exact = datasets.get(datasetId);
  if (exact) return exact;
  const candidates = datasets.withPrefix(datasetId.toLowerCase(), 6);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 5).map(describe);
    throw new PodiumError(
      'USAGE',
      `Dataset id ${datasetId} is ambiguous: ${candidates.length > 5 ? 'more than 5' : candidates.length} datasets start with it (${shown.join(', ')}); give more of the id`,
      { field: 'datasetId', datasetId, candidates: candidates.map((dataset) => dataset.id) },
    );
  }
  const known = datasets.list();
  const existing =
    known.length === 0
      ? 'there are no datasets yet (podium data add FILE)'
      : `datasets: ${known.slice(0, 5).map(describe).join(', ')}${known.length > 5 ? ` and ${known.length - 5} more` : ''}`;
  throw new PodiumError('NOT_FOUND', `No dataset with id ${datasetId}; ${existing}`, {
    field: 'datasetId',
    datasetId,
  });
}

function describe(dataset: StoredDataset): string {
  return `${dataset.id.slice(0, 12)} (${dataset.sourceName})`;
}

/**
 * Removes a snapshot's row, file, profile and columns file, or nothing: the files are moved aside inside the
 * transaction that deletes the row (and moved back if it fails), and deleted once it committed.
 */
async function removeSnapshot(datasets: DatasetStore, dataset: StoredDataset): Promise<StoredDataset> {
  const columnsPath = columnsPathFor(dataset.path);
  const files = [
    dataset.path,
    join(dirname(dataset.path), `${dataset.id}.profile.json`),
    ...(columnsPath === null ? [] : [columnsPath]),
  ];
  const aside = `.removing-${randomUUID()}`;
  const moved: string[] = [];
  const users = datasets.remove(dataset.id, () => {
    try {
      for (const file of files) {
        if (moveAside(file, `${file}${aside}`)) moved.push(file);
      }
    } catch (error) {
      for (const file of moved) renameSync(`${file}${aside}`, file);
      throw new PodiumError(
        'CONFLICT',
        `Dataset ${describe(dataset)} could not be removed: ${(error as Error).message}; nothing was removed`,
        { datasetId: dataset.id },
      );
    }
  });
  if (users !== null) throw inUse(dataset, users);
  await Promise.all(moved.map((file) => rm(`${file}${aside}`, { force: true })));
  return dataset;
}

/** False when the file was not there (a snapshot whose file was deleted by hand can still go). */
function moveAside(file: string, to: string): boolean {
  try {
    renameSync(file, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function inUse(dataset: StoredDataset, users: DatasetUsers): PodiumError {
  // A run's lineage names the run's own dataset: only a lineage without its run says more.
  const lineage = users.lineage.filter((runId) => !users.runs.includes(runId));
  const parts = [
    users.versions.length > 0 && `registered version${plural(users.versions)} ${list(users.versions)}`,
    users.runs.length > 0 && `run${plural(users.runs)} ${list(users.runs)}`,
    lineage.length > 0 && `the lineage of run${plural(lineage)} ${list(lineage)}`,
    users.decisions.length > 0 && `decision${plural(users.decisions)} ${list(users.decisions)}`,
    users.driftReports.length > 0 && `drift report${plural(users.driftReports)} ${list(users.driftReports)}`,
  ].filter((part): part is string => typeof part === 'string');
  return new PodiumError(
    'CONFLICT',
    `Dataset ${describe(dataset)} is still used by ${parts.join('; ')}; nothing was removed`,
    { datasetId: dataset.id, ...users },
  );
}

const plural = (items: unknown[]) => (items.length === 1 ? '' : 's');

function list(items: (string | number)[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

/** The temporary path means nothing to the user: errors name the file they dropped instead. */
function withUserPath(error: unknown, tempFile: string, name: string): unknown {
  if (!(error instanceof PodiumError)) return error;
  const message = error.message.replaceAll(tempFile, name);
  const details = error.details
    ? (JSON.parse(
        JSON.stringify(error.details).replaceAll(JSON.stringify(tempFile).slice(1, -1), name),
      ) as Record<string, JsonValue>)
    : undefined;
  return new PodiumError(error.code, message, details);
}
