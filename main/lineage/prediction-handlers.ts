import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import { operationProgress, type PodiumEventSink } from '../contract/event-sink.js';
import type { DomainHandlers } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import { modelRefs } from '../registry/model-refs.js';
import type { VersionStore } from '../registry/versions.js';
import type { Workspace } from '../workspace/index.js';
import { predictFile } from './predict-file.js';

type Names = 'predict.file' | 'versions.reproduce' | 'versions.reproduceScript';

/**
 * Work on files of this machine with a registered version: batch prediction (recorded in
 * lineage) and reproduction. Paths are absolute: the caller resolved them where the user typed them.
 */
export function predictionHandlers(context: {
  workspace: Workspace;
  /** Where a batch prediction reports the bytes it has scored (`operation.progress`, step `predict`). */
  events?: PodiumEventSink;
  stores: { versions: VersionStore; datasets: DatasetStore };
}): DomainHandlers<Names> {
  const { workspace, stores } = context;
  const { versions } = stores;
  const refs = modelRefs(versions, workspace);
  return {
    'predict.file': defineOperation('predict.file', async (input) => {
      const chosen = refs.version(input, 'champion');
      const record = await predictFile(workspace, {
        version: chosen,
        input: input.input,
        output: input.output,
        skipBadRows: input.skipBadRows,
        dialect: input.dialect,
        outputDialect: input.outputDialect,
        ...(context.events === undefined
          ? {}
          : { onProgress: operationProgress(context.events, 'predict.file', input.input) }),
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
        skipped: record.skipped,
      };
    }),
    'versions.reproduce': defineOperation('versions.reproduce', async (input) => {
      const version = refs.version(input, 'champion');
      // Retraining (the model families, ONNX) loads on the first reproduction, not with `predict`.
      const { reproduce } = await import('./reproduce.js');
      return reproduce(workspace, stores, version);
    }),
    'versions.reproduceScript': defineOperation('versions.reproduceScript', async (input) => {
      const chosen = refs.version(input, 'champion');
      const dataset = stores.datasets.get(chosen.datasetId);
      if (!dataset) {
        throw new PodiumError('NOT_FOUND', `Dataset snapshot ${chosen.datasetId} is not in the workspace`, {
          dataset_id: chosen.datasetId,
        });
      }
      const { writeReproduceScript } = await import('./reproduce-script.js');
      await writeReproduceScript(input.file, chosen, dataset.path, dataset.dialect);
      return { script: input.file, model: chosen.modelName, version: chosen.version };
    }),
  };
}
