import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs } from '../registry/index.js';
import { predictFile } from './predict-file.js';
import { reproduce } from './reproduce.js';
import { writeReproduceScript } from './reproduce-script.js';

type Names = 'predict.file' | 'versions.reproduce' | 'versions.reproduceScript';

/**
 * Work on files of this machine with a registered version: batch prediction (recorded in
 * lineage) and reproduction. Paths are absolute: the caller resolved them where the user typed them.
 */
export function predictionHandlers(context: ApiContext): DomainHandlers<Names> {
  const { workspace, manager } = context;
  const refs = modelRefs(manager.versionStore, workspace.config);
  return {
    'predict.file': defineOperation('predict.file', async (input) => {
      const chosen = refs.version(input, 'champion');
      const record = await predictFile(workspace, {
        version: chosen,
        input: input.input,
        output: input.output,
      });
      return {
        id: record.id,
        model: record.modelName,
        version: record.version,
        input: { path: record.inputPath, sha256: record.inputSha256 },
        output: { path: record.outputPath, sha256: record.outputSha256 },
        rows: record.rowCount,
        backend: record.backend,
        createdAt: record.createdAt,
      };
    }),
    'versions.reproduce': defineOperation('versions.reproduce', (input) =>
      reproduce(workspace, manager, refs.version(input, 'champion')),
    ),
    'versions.reproduceScript': defineOperation('versions.reproduceScript', async (input) => {
      const chosen = refs.version(input, 'champion');
      const dataset = manager.datasetStore.get(chosen.datasetId);
      if (!dataset) {
        throw new PodiumError('NOT_FOUND', `Dataset snapshot ${chosen.datasetId} is not in the workspace`, {
          dataset_id: chosen.datasetId,
        });
      }
      await writeReproduceScript(input.file, chosen, dataset.path);
      return { script: input.file, model: chosen.modelName, version: chosen.version };
    }),
  };
}
