import type {
  LineageChain,
  ModelLink,
  PredictionLink,
  TrainingCodeLink,
  TrainingDataLink,
} from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import { type ModelVersion, readManifest, type VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { getPrediction, type PredictionRecord, predictionsForVersion } from './prediction-store.js';
import type { RunLineageStore } from './run-lineage-store.js';

// One definition, in the contract the `lineage.get` operation returns.
export type { LineageChain, ModelLink, PredictionLink, TrainingCodeLink, TrainingDataLink };

/** What a chain is read from: the batch predictions' table, and the stores of the steps before. */
export type LineageStores = { versions: VersionStore; datasets: DatasetStore; runLineage: RunLineageStore };

/** A version's chain up to the model, plus every batch prediction made with it. */
export async function lineageForVersion(
  workspace: Pick<Workspace, 'db' | 'paths'>,
  stores: Pick<LineageStores, 'datasets' | 'runLineage'>,
  version: ModelVersion,
): Promise<LineageChain> {
  return {
    subject: { kind: 'version', ref: `${version.modelName}:${version.version}` },
    ...(await upToModel(stores, version)),
    predictions: predictionsForVersion(workspace, version.id).map(predictionLink),
  };
}

/** One prediction's chain; null when no prediction has this id. */
export async function lineageForPrediction(
  workspace: Pick<Workspace, 'db' | 'paths'>,
  stores: LineageStores,
  id: string,
): Promise<LineageChain | null> {
  const prediction = getPrediction(workspace, id);
  if (!prediction) return null;
  const version = stores.versions.byId(prediction.versionId);
  return {
    subject: { kind: 'prediction', id },
    ...(await upToModel(stores, version)),
    predictions: [predictionLink(prediction)],
  };
}

async function upToModel(
  stores: Pick<LineageStores, 'datasets' | 'runLineage'>,
  version: ModelVersion,
): Promise<Pick<LineageChain, 'trainingData' | 'trainingCode' | 'model'>> {
  const dataset = stores.datasets.get(version.datasetId);
  const manifest = await readManifest(version.packagePath);
  const recorded = stores.runLineage.get(version.runId);
  const trainingCode: TrainingCodeLink = recorded
    ? {
        runId: version.runId,
        source: 'run_lineage',
        code: recorded.code,
        configSha256: recorded.configSha256,
        modelConfigSha256: recorded.modelConfigSha256,
        seeds: recorded.seeds,
        split: recorded.split,
        libraryVersions: recorded.libraryVersions,
        backend: recorded.backend,
      }
    : {
        runId: version.runId,
        source: 'manifest',
        code: null,
        configSha256: null,
        modelConfigSha256: manifest.lineage.config_sha256,
        seeds: null,
        split: null,
        libraryVersions: manifest.library_versions,
        backend: manifest.backend,
      };
  return {
    trainingData: {
      datasetId: version.datasetId,
      fileName: dataset?.sourceName ?? null,
      snapshotPath: dataset?.path ?? null,
      rows: dataset?.profile.rows ?? null,
    },
    trainingCode,
    model: {
      name: version.modelName,
      version: version.version,
      stage: version.stage,
      modelType: version.modelType,
      packagePath: version.packagePath,
      packageSha256: version.packageSha256,
      metrics: version.metrics,
      createdAt: version.createdAt,
    },
  };
}

function predictionLink(record: PredictionRecord): PredictionLink {
  return {
    id: record.id,
    predictionCode: { code: record.code, libraryVersions: record.libraryVersions, backend: record.backend },
    input: { path: record.inputPath, sha256: record.inputSha256 },
    output: { path: record.outputPath, sha256: record.outputSha256 },
    rows: record.rowCount,
    createdAt: record.createdAt,
  };
}
