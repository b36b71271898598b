import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { type LineageStores, lineageForPrediction, lineageForVersion } from './lineage-chain.js';
import { recentPredictionIds } from './prediction-store.js';

export function lineageHandlers(context: {
  workspace: Workspace;
  stores: LineageStores;
}): DomainHandlers<'lineage.get'> {
  const { workspace, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'lineage.get': defineOperation('lineage.get', async (input) => {
      if ('predictionId' in input) {
        const chain = await lineageForPrediction(workspace, stores, input.predictionId);
        if (!chain) {
          const recent = recentPredictionIds(workspace.db);
          // The example names a model of this workspace (the first, by name) when there is one.
          const example = stores.versions.models()[0]?.name ?? 'NAME';
          throw new PodiumError(
            'NOT_FOUND',
            `No prediction with id ${input.predictionId}; ${recent.length === 0 ? 'no batch prediction is recorded yet (podium predict makes one)' : `the latest: ${recent.join(', ')}`}. A version's lineage: name it (${example}:1, ${example}:champion)`,
            { field: 'predictionId', recent },
          );
        }
        return chain;
      }
      return lineageForVersion(workspace, stores, refs.version(input, 'champion'));
    }),
  };
}
