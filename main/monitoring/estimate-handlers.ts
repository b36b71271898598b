import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import { operationProgress, type PodiumEventSink } from '../contract/event-sink.js';
import type { DomainHandlers } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { estimateFile } from './estimate-file.js';

/** The label-free performance estimate of a file (`podium estimate`). */
export function estimateHandlers(context: {
  workspace: Workspace;
  stores: { versions: VersionStore; datasets: DatasetStore };
  /** Where the read's progress goes (the CLI's bar, the UI), when anyone listens. */
  events?: PodiumEventSink;
}): DomainHandlers<'performance.estimate'> {
  const { workspace, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'performance.estimate': defineOperation(
      'performance.estimate',
      async ({ model, file, datasetId, dialect, attribution }) => {
        const modelName = refs.name(model);
        if (datasetId !== undefined) {
          const dataset = stores.datasets.get(datasetId);
          if (!dataset)
            throw new PodiumError('NOT_FOUND', `No dataset with id ${datasetId}`, { field: 'datasetId' });
          const estimate = await estimateFile(workspace, stores, {
            modelName,
            file: dataset.path,
            dialect: dataset.dialect,
            attribution: attribution ?? false,
          });
          // The name the user knows the dataset by, not its snapshot's hashed path.
          return { ...estimate, file: dataset.sourceName };
        }
        return estimateFile(workspace, stores, {
          modelName,
          file: file ?? '',
          dialect,
          attribution: attribution ?? false,
          ...(file === undefined || context.events === undefined
            ? {}
            : { onProgress: operationProgress(context.events, 'performance.estimate', file) }),
        });
      },
    ),
  };
}
