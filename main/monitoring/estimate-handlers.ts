import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { estimateFile } from './estimate-file.js';

/** The label-free performance estimate of a file (`podium estimate`). */
export function estimateHandlers(context: {
  workspace: Workspace;
  stores: { versions: VersionStore; datasets: DatasetStore };
}): DomainHandlers<'performance.estimate'> {
  const { workspace, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'performance.estimate': defineOperation('performance.estimate', ({ model, file, dialect, attribution }) =>
      estimateFile(workspace, stores, {
        modelName: refs.name(model),
        file,
        dialect,
        attribution: attribution ?? false,
      }),
    ),
  };
}
