import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers } from '../contract/index.js';
import { lineageForPrediction, lineageForVersion } from './lineage-chain.js';

export function lineageHandlers(context: ApiContext): DomainHandlers<'lineage.get'> {
  const { workspace, manager } = context;
  return {
    'lineage.get': defineOperation('lineage.get', async (input) => {
      if ('predictionId' in input) {
        const chain = await lineageForPrediction(workspace, input.predictionId);
        if (!chain) {
          throw new PodiumError('NOT_FOUND', `No prediction with id ${input.predictionId}`, {
            field: 'predictionId',
          });
        }
        return chain;
      }
      return lineageForVersion(workspace, manager.versionStore.get(input.model, input.version));
    }),
  };
}
