import { join } from 'node:path';
import { libraryVersions, sha256 } from '../common/index.js';
import { loadTable, type StoredDataset } from '../data/index.js';
import {
  buildReferenceDistribution,
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
} from '../monitoring/drift/index.js';
import { driftColumns, predictionColumn } from '../monitoring/drift-columns.js';
import {
  buildReferenceSample,
  REFERENCE_SAMPLE_FILE,
  type ReferenceSample,
  referenceSampleRows,
} from '../monitoring/multivariate/index.js';
import {
  type ModelVersion,
  type PackageManifest,
  type VersionStore,
  writeModelPackage,
} from '../registry/index.js';
import {
  heldOutMetrics,
  heldOutRows,
  loadPredictor,
  splitRows,
  stringifyModelConfig,
} from '../training/index.js';
import type { Task } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { Candidate } from './candidate-trainer.js';

/**
 * Turns the chosen candidate into an immutable model package and a registry version: files
 * first (written aside and renamed), then the rows in one transaction, so a crash leaves at most
 * an unreferenced folder, never a version without its package.
 */
export async function registerVersion(
  context: { workspace: Workspace; versions: VersionStore },
  input: {
    modelName: string;
    target: string;
    task: Task;
    snapshot: StoredDataset;
    candidate: Candidate;
  },
): Promise<ModelVersion> {
  const { candidate, modelName } = input;
  const versionNumber = context.versions.nextVersionNumber(modelName);
  const packagePath = join(context.workspace.paths.models, modelName, `v${versionNumber}`);
  const configYaml = stringifyModelConfig(candidate.config);
  const manifest: PackageManifest = {
    format: 'podium-model-package/1',
    name: modelName,
    version: versionNumber,
    task: input.task,
    target: input.target,
    model_type: candidate.config.model_type,
    signature: candidate.result.signature,
    metrics: versionMetrics(heldOutMetrics(candidate.result)),
    lineage: { run_id: candidate.runId, dataset_id: input.snapshot.id, config_sha256: sha256(configYaml) },
    library_versions: libraryVersions(),
    backend: candidate.result.backend,
    created_at: context.workspace.clock.now().toISOString(),
    csv_dialect: input.snapshot.dialect,
  };
  const { reference, sample } = await referenceFor(input.snapshot, candidate);
  const { sha256: packageSha256 } = await writeModelPackage({
    trainedDir: candidate.packageDir,
    targetDir: packagePath,
    manifest,
    referenceProfile: input.snapshot.profile,
    modelConfigYaml: configYaml,
    extraFiles: {
      [REFERENCE_DISTRIBUTION_FILE]: JSON.stringify(reference),
      [REFERENCE_SAMPLE_FILE]: JSON.stringify(sample),
    },
  });
  const cause = {
    actor: 'podium',
    reason: `trained by run ${candidate.runId} on dataset ${input.snapshot.id.slice(0, 12)}`,
  };
  return context.workspace.db
    .transaction(() => {
      context.versions.ensureModel(modelName, input.task, input.target);
      const version = context.versions.insert(
        {
          modelName,
          version: versionNumber,
          runId: candidate.runId,
          datasetId: input.snapshot.id,
          modelType: candidate.config.model_type,
          packagePath,
          packageSha256,
          metrics: versionMetrics(heldOutMetrics(candidate.result)),
        },
        cause,
      );
      context.versions.setStage(version.id, 'challenger', cause);
      return context.versions.byId(version.id);
    })
    .immediate();
}

/**
 * The training rows' distribution, and the model's own predictions on its held-out rows, stored
 * in the package: the reference every later drift check compares against. Beside it, a uniform
 * sample of the training rows themselves, for the multivariate checks.
 */
async function referenceFor(
  snapshot: StoredDataset,
  candidate: Candidate,
): Promise<{ reference: ReferenceDistribution; sample: ReferenceSample }> {
  const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect);
  const split = splitRows(table, candidate.config.preprocessing.split, candidate.config.seed);
  const predictor = await loadPredictor(candidate.packageDir);
  try {
    const predictions = await predictor.predictTable(table, heldOutRows(split));
    const sampled = referenceSampleRows(split.train.length).map((i) => split.train[i]);
    return {
      reference: buildReferenceDistribution(
        driftColumns(table, split.train, candidate.result.signature),
        predictionColumn(candidate.result.signature, predictions),
      ),
      sample: buildReferenceSample(
        driftColumns(table, sampled, candidate.result.signature),
        split.train.length,
      ),
    };
  } finally {
    predictor.dispose();
  }
}

/** `loss` is the training objective (log loss or MSE), already reported under its own name. */
function versionMetrics(metrics: Record<string, number>): Record<string, number> {
  const { loss: _objective, ...named } = metrics;
  return named;
}
