import type {
  LineageChain,
  ModelLink,
  PredictionLink,
  TrainingCodeLink,
  TrainingDataLink,
} from '../contract/index.js';
import { DatasetStore } from '../data/index.js';
import { type ModelVersion, readManifest, VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { getPrediction, type PredictionRecord, predictionsForVersion } from './prediction-store.js';
import { getRunLineage } from './run-lineage.js';

// One definition, in the contract the `lineage.get` operation returns.
export type { LineageChain, ModelLink, PredictionLink, TrainingCodeLink, TrainingDataLink };

/** A version's chain up to the model, plus every batch prediction made with it. */
export async function lineageForVersion(workspace: Workspace, version: ModelVersion): Promise<LineageChain> {
  return {
    subject: { kind: 'version', ref: `${version.modelName}:${version.version}` },
    ...(await upToModel(workspace, version)),
    predictions: predictionsForVersion(workspace.db, version.id).map(predictionLink),
  };
}

/** One prediction's chain; null when no prediction has this id. */
export async function lineageForPrediction(workspace: Workspace, id: string): Promise<LineageChain | null> {
  const prediction = getPrediction(workspace.db, id);
  if (!prediction) return null;
  const version = new VersionStore(workspace.db, workspace.clock).byId(prediction.versionId);
  return {
    subject: { kind: 'prediction', id },
    ...(await upToModel(workspace, version)),
    predictions: [predictionLink(prediction)],
  };
}

async function upToModel(
  workspace: Workspace,
  version: ModelVersion,
): Promise<Pick<LineageChain, 'training_data' | 'training_code' | 'model'>> {
  const dataset = new DatasetStore(workspace.db, workspace.clock).get(version.datasetId);
  const manifest = await readManifest(version.packagePath);
  const recorded = getRunLineage(workspace.db, version.runId);
  const training_code: TrainingCodeLink = recorded
    ? {
        run_id: version.runId,
        source: 'run_lineage',
        code: recorded.code,
        config_sha256: recorded.configSha256,
        model_config_sha256: recorded.modelConfigSha256,
        seeds: recorded.seeds,
        split: recorded.split,
        library_versions: recorded.libraryVersions,
        backend: recorded.backend,
      }
    : {
        run_id: version.runId,
        source: 'manifest',
        code: null,
        config_sha256: null,
        model_config_sha256: manifest.lineage.config_sha256,
        seeds: null,
        split: null,
        library_versions: manifest.library_versions,
        backend: manifest.backend,
      };
  return {
    training_data: {
      dataset_id: version.datasetId,
      file_name: dataset?.sourceName ?? null,
      snapshot_path: dataset?.path ?? null,
      rows: dataset?.profile.rows ?? null,
    },
    training_code,
    model: {
      name: version.modelName,
      version: version.version,
      stage: version.stage,
      model_type: version.modelType,
      package_path: version.packagePath,
      package_sha256: version.packageSha256,
      metrics: version.metrics,
      created_at: version.createdAt,
    },
  };
}

function predictionLink(record: PredictionRecord): PredictionLink {
  return {
    id: record.id,
    prediction_code: { code: record.code, library_versions: record.libraryVersions, backend: record.backend },
    input: { path: record.inputPath, sha256: record.inputSha256 },
    output: { path: record.outputPath, sha256: record.outputSha256 },
    rows: record.rowCount,
    created_at: record.createdAt,
  };
}
