import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs } from '../registry/index.js';
import { lineageForPrediction, lineageForVersion } from './lineage-chain.js';
import { recentPredictionIds } from './prediction-store.js';

export function lineageHandlers(context: ApiContext): DomainHandlers<'lineage.get'> {
  const { workspace, manager } = context;
  const refs = modelRefs(manager.versionStore, workspace.config);
  return {
    'lineage.get': defineOperation('lineage.get', async (input) => {
      if ('predictionId' in input) {
        const chain = await lineageForPrediction(workspace, input.predictionId);
        if (!chain) {
          const recent = recentPredictionIds(workspace.db);
          throw new PodiumError(
            'NOT_FOUND',
            `No prediction with id ${input.predictionId}; ${recent.length === 0 ? 'no batch prediction is recorded yet (podium predict makes one)' : `the latest: ${recent.join(', ')}`}. A version's lineage: name it (churn:3, churn:champion)`,
            { field: 'predictionId', recent },
          );
        }
        return chain;
      }
      return lineageForVersion(workspace, refs.version(input, 'champion'));
    }),
  };
}
