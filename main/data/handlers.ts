import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseModelRef } from '../common/version-ref.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, JsonValue } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import { sampleDialect, sampleDialectOfText, sampledDateFormats } from './csv-dialect.js';
import type { DatasetStore } from './dataset-store.js';
import { toDataset, toDatasetSummary } from './dataset-summary.js';
import { ingestCsv } from './ingest-off-thread.js';

/** A name for the upload's temporary file that keeps the user's name (errors cite it) but no path. */
function safeFileName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'))
    .replace(/[^\w.\- ]+/g, '_')
    .slice(0, 120);
  return base === '' || base === '.' || base === '..' ? 'upload.csv' : base;
}

export function dataHandlers(context: {
  workspace: Workspace;
  stores: { datasets: DatasetStore };
  /** The dialect of a model's training data: how its later files' undecidable dates are read. */
  manager: { trainingDialect(modelName: string): CsvDialect | null };
}): DomainHandlers<'data.ingest' | 'data.dialect' | 'data.list' | 'data.profile'> {
  const { workspace, manager } = context;
  const { datasets } = context.stores;
  const datasetById = (datasetId: string) => {
    const dataset = datasets.get(datasetId);
    if (!dataset)
      throw new PodiumError('NOT_FOUND', `No dataset with id ${datasetId}`, { field: 'datasetId' });
    return dataset;
  };
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
    'data.dialect': defineOperation(
      'data.dialect',
      async ({ file, csvText, fileName, dialect = {}, model }) => {
        if (file === undefined && csvText === undefined)
          throw new PodiumError('USAGE', 'data.dialect: give either file or csvText', { field: 'file' });
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
    'data.list': defineOperation('data.list', () => datasets.list().map(toDatasetSummary)),
    'data.profile': defineOperation('data.profile', ({ datasetId }) => toDataset(datasetById(datasetId))),
  };
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
