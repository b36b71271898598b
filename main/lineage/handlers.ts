import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers } from '../contract/index.js';
import type { Workspace } from '../workspace/index.js';
import { type LineageStores, lineageForPrediction, lineageForVersion } from './lineage-chain.js';

export function lineageHandlers(context: {
  workspace: Workspace;
  stores: LineageStores;
}): DomainHandlers<'lineage.get'> {
  const { workspace, stores } = context;
  return {
    'lineage.get': defineOperation('lineage.get', async (input) => {
      if ('predictionId' in input) {
        const chain = await lineageForPrediction(workspace, stores, input.predictionId);
        if (!chain) {
          throw new PodiumError('NOT_FOUND', `No prediction with id ${input.predictionId}`, {
            field: 'predictionId',
          });
        }
        return chain;
      }
      return lineageForVersion(workspace, stores, stores.versions.get(input.model, input.version));
    }),
  };
}
