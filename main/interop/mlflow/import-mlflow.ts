import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists, tempPathFor } from '../../common/files.js';
import { libraryVersions, sha256 } from '../../common/index.js';
import { PodiumError } from '../../contract/errors.js';
import type { MlflowImportReport } from '../../contract/index.js';
import { type DatasetStore, loadTable } from '../../data/index.js';
import type { DatasetSnapshot, Table } from '../../data/types.js';
import {
  buildReferenceDistribution,
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
} from '../../monitoring/drift/index.js';
import { driftColumns, predictionColumn } from '../../monitoring/drift-columns.js';
import {
  type ModelVersion,
  type PackageManifest,
  type VersionStore,
  writeModelPackage,
} from '../../registry/index.js';
import type { RunStore } from '../../tracking/index.js';
import {
  heldOutRows,
  loadPredictor,
  type Predictor,
  splitRows,
  stringifyModelConfig,
  validateModelConfig,
} from '../../training/index.js';
import { SIGNATURE_FILE } from '../../training/package-dir.js';
import type { ModelConfig } from '../../training/types.js';
import type { Workspace } from '../../workspace/index.js';
import { dateFieldsFromMetadata, withDateFields } from './date-fields.js';
import { graphStringVocabularies } from './graph-vocabularies.js';
import { datasetFor } from './import-dataset.js';
import { writeImportedPackage } from './imported-package.js';
import { fieldProfiles, importedPreprocessing } from './imported-preprocessing.js';
import { type MlflowModel, readMlflowModel } from './mlmodel.js';
import { type ImportedField, type OnnxPlan, planOnnxModel } from './onnx-plan.js';

/** A model name that is safe as a folder name (the same rule as a Podium export's). */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type MlflowImportOptions = {
  modelName: string;
  /** A labelled CSV to evaluate the model on (its held-out rows) and to keep as its reference data. */
  data?: string;
  target?: string;
};

export type MlflowImportStores = { versions: VersionStore; datasets: DatasetStore; runs: RunStore };

// One definition, in the contract the operation returns.
export type { MlflowImportReport };

/**
 * Registers an MLflow model directory holding an ONNX model as a challenger: the signature
 * becomes the package's input schema, the graph is checked by loading it in ONNX Runtime and
 * scoring a record, and, with --data, it is scored on the held-out rows of that file, which then
 * serve as its reference for drift. The package is written aside and renamed into place, the rows
 * in one transaction; a refused or failed import leaves nothing behind.
 */
export async function importMlflowModel(
  workspace: Workspace,
  stores: MlflowImportStores,
  directory: string,
  options: MlflowImportOptions,
): Promise<MlflowImportReport> {
  if (workspace.environment !== 'dev')
    throw new PodiumError(
      'USAGE',
      `import is not available in ${workspace.environment}: versions reach ${workspace.environment} only by podium release <version> --to ${workspace.environment} from dev`,
      { environment: workspace.environment, command: 'import' },
    );
  const { modelName } = options;
  if (!MODEL_NAME.test(modelName))
    throw new PodiumError('USAGE', `"${modelName}" is not a valid model name (letters, digits, . _ -)`, {
      model: modelName,
    });
  if ((options.data === undefined) !== (options.target === undefined))
    throw new PodiumError('USAGE', 'give --data FILE and --target COLUMN together (or neither)', {
      field: options.data === undefined ? 'data' : 'target',
    });
  const model = await readMlflowModel(directory);
  const bytes = await readFile(model.onnxFile);
  // ONNX Runtime's native library loads when a model is imported, not with every command.
  const { InferenceSession } = await import('onnxruntime-node');
  const { ONNX_SESSION_OPTIONS } = await import('../../training/onnx/index.js');
  const session = await InferenceSession.create(bytes, ONNX_SESSION_OPTIONS).catch((error: Error) => {
    throw new PodiumError(
      'DATA_INVALID',
      `${model.onnxFile}: ONNX Runtime cannot load it (${firstLine(error.message)}); nothing was imported`,
      { file: model.onnxFile },
    );
  });
  let plan: OnnxPlan;
  try {
    plan = await planOnnxModel(model, session, bytes);
  } finally {
    await session.release();
  }
  plan = withDateFields(plan, dateFieldsFromMetadata(plan, model.dateFields));
  const target = options.target ?? model.target ?? plan.outputName ?? 'prediction';
  if (plan.fields.some((field) => field.name === target))
    throw new PodiumError('USAGE', `"${target}" is an input of the model; name the target with --target`, {
      field: 'target',
    });
  const existing = stores.versions.modelTask(modelName);
  if (existing && (existing.task !== plan.task || existing.target !== target))
    throw new PodiumError(
      'CONFLICT',
      `Model ${modelName} predicts ${existing.target} (${existing.task}); the MLflow model predicts ${target} (${plan.task}). Use --model to import under another name${options.target ? '' : ', or --data and --target to name its target'}.`,
      { model: modelName },
    );

  const staging = tempPathFor(join(workspace.paths.models, 'import-mlflow'));
  const created: string[] = [];
  try {
    let snapshot: DatasetSnapshot;
    ({ snapshot, plan } = await datasetFor(
      workspace,
      stores.datasets,
      model,
      plan,
      options,
      staging,
      created,
    ));
    const table = await loadTable(
      snapshot.path,
      { ...snapshot.profile, columns: fieldProfiles(snapshot.profile, plan, target) },
      snapshot.dialect,
    );
    const graphStrings = await graphStringVocabularies(
      bytes,
      plan.fields.filter((field) => field.kind === 'string').map((field) => field.name),
    );
    const pre = importedPreprocessing(table, snapshot.profile, plan, target, graphStrings);
    const packageDir = join(staging, 'package');
    await writeImportedPackage(packageDir, bytes, plan, pre);
    const config = validateModelConfig({
      model_type: 'onnx',
      input_features: plan.fields.map((field) => ({
        name: field.name,
        type: fieldType(field),
      })),
      output_features: [{ name: target, type: plan.task }],
    });
    const predictor = await loadPredictor(packageDir);
    let scored: Scored;
    try {
      await probe(predictor, model, table, plan);
      scored =
        options.data === undefined
          ? { metrics: {}, rows: 0, reference: null }
          : await score(predictor, table, config);
    } finally {
      predictor.dispose();
    }
    const warnings: string[] = [];
    if (options.data === undefined)
      warnings.push(
        'no --data given: the version has no metrics and no reference data for drift until it is evaluated',
      );
    else if (Object.keys(scored.metrics).length === 0)
      warnings.push(
        `no held-out row of ${options.data} has a target the model predicts (${plan.classes?.join(', ') ?? target}): no metrics`,
      );
    if (
      plan.fields.some((field) => field.kind === 'string' && !graphStrings.has(field.name)) &&
      options.data === undefined &&
      model.inputExample === null
    )
      warnings.push(
        'string inputs without --data, an input example or an encoder in the graph that lists them: every string is sent to the model as unknown ("")',
      );
    return await register(workspace, stores, {
      modelName,
      model,
      plan,
      snapshot,
      target,
      config,
      scored,
      packageDir,
      warnings,
      created,
    });
  } catch (error) {
    for (const path of created.reverse()) await rm(path, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

type Scored = { metrics: Record<string, number>; rows: number; reference: ReferenceDistribution | null };

/** Scores one record (the input example's first, else the data's first row, else zeros): a graph that cannot answer is refused here, not in serving. */
async function probe(predictor: Predictor, model: MlflowModel, table: Table, plan: OnnxPlan): Promise<void> {
  try {
    if (table.rowCount > 0) {
      await predictor.predictTable(table, Uint32Array.of(0));
      return;
    }
    const record = Object.fromEntries(
      plan.fields.map((field) => [
        field.name,
        field.kind === 'number' ? 0 : field.kind === 'date' ? null : '',
      ]),
    );
    await predictor.predictRecords([record]);
  } catch (error) {
    throw new PodiumError(
      'DATA_INVALID',
      `${model.onnxFile}: ONNX Runtime cannot score a record with the signature's inputs (${firstLine((error as Error).message)}); nothing was imported`,
      { file: model.onnxFile },
    );
  }
}

async function score(predictor: Predictor, table: Table, config: ModelConfig): Promise<Scored> {
  const split = splitRows(table, config.preprocessing.split, config.seed);
  const holdout = heldOutRows(split);
  const { values } = await predictor.scoreTable(table, holdout);
  const { loss: _objective, ...metrics } = values;
  const predictions = await predictor.predictTable(table, holdout);
  const reference = buildReferenceDistribution(
    driftColumns(table, split.train, predictor.signature),
    predictionColumn(predictor.signature, predictions),
  );
  return { metrics, rows: holdout.length, reference };
}

async function register(
  workspace: Workspace,
  stores: MlflowImportStores,
  input: {
    modelName: string;
    model: MlflowModel;
    plan: OnnxPlan;
    snapshot: DatasetSnapshot;
    target: string;
    config: ModelConfig;
    scored: Scored;
    packageDir: string;
    warnings: string[];
    created: string[];
  },
): Promise<MlflowImportReport> {
  const { modelName, model, plan, snapshot, target, scored } = input;
  const { versions, datasets, runs } = stores;
  const versionNumber = versions.nextVersionNumber(modelName);
  const packagePath = join(workspace.paths.models, modelName, `v${versionNumber}`);
  if (await pathExists(packagePath))
    throw new PodiumError(
      'CONFLICT',
      `${packagePath} already exists with no registered version (left by a crash); run podium doctor --repair first`,
      { path: packagePath },
    );
  const configYaml = stringifyModelConfig(input.config);
  const runId = randomUUID().replaceAll('-', '');
  const now = workspace.clock.now().toISOString();
  const manifest: PackageManifest & { imported_from: Record<string, string | null> } = {
    format: 'podium-model-package/1',
    name: modelName,
    version: versionNumber,
    task: plan.task,
    target,
    model_type: 'onnx',
    signature: JSON.parse(await readFile(join(input.packageDir, SIGNATURE_FILE), 'utf8')),
    metrics: scored.metrics,
    lineage: { run_id: runId, dataset_id: snapshot.id, config_sha256: sha256(configYaml) },
    library_versions: libraryVersions(),
    backend: 'onnxruntime',
    created_at: now,
    csv_dialect: snapshot.dialect,
    imported_from: {
      source: 'mlflow',
      directory: model.dir,
      mlflow_run_id: model.origin.runId,
      mlflow_model_uuid: model.origin.modelUuid,
      mlflow_version: model.origin.mlflowVersion,
    },
  };
  const { sha256: packageSha256 } = await writeModelPackage({
    trainedDir: input.packageDir,
    targetDir: packagePath,
    manifest,
    referenceProfile: snapshot.profile,
    modelConfigYaml: configYaml,
    extraFiles: scored.reference ? { [REFERENCE_DISTRIBUTION_FILE]: JSON.stringify(scored.reference) } : {},
  });
  input.created.push(packagePath);
  const cause = {
    actor: 'podium import',
    reason: `imported from the MLflow model ${model.dir}${model.origin.runId ? ` (MLflow run ${model.origin.runId})` : ''}`,
  };
  const version = workspace.db
    .transaction(() => {
      versions.ensureModel(modelName, plan.task, target);
      datasets.record(snapshot);
      runs.recordImported({
        id: runId,
        experiment: 'imported',
        name: `${modelName} v${versionNumber} (MLflow import)`,
        status: 'finished',
        datasetId: snapshot.id,
        startedAt: now,
        endedAt: now,
      });
      runs.setTags(runId, {
        imported_from: model.dir,
        source: 'mlflow',
        ...(model.origin.runId ? { mlflow_run_id: model.origin.runId } : {}),
      });
      runs.logMetrics(runId, scored.metrics);
      const inserted = versions.insert(
        {
          modelName,
          version: versionNumber,
          runId,
          datasetId: snapshot.id,
          modelType: 'onnx',
          packagePath,
          packageSha256,
          metrics: scored.metrics,
        },
        cause,
      );
      versions.setStage(inserted.id, 'challenger', cause);
      return versions.byId(inserted.id);
    })
    .immediate() as ModelVersion;
  workspace.logger.info(
    { directory: model.dir, model: modelName, version: versionNumber },
    'MLflow model imported',
  );
  return {
    directory: model.dir,
    model: modelName,
    version: version.version,
    stage: version.stage,
    packagePath,
    packageSha256,
    task: plan.task,
    target,
    inputs: plan.fields.map((field) => ({
      name: field.name,
      type: fieldType(field),
    })),
    ...(plan.classes ? { classes: plan.classes } : {}),
    metrics: scored.metrics,
    evaluatedRows: scored.rows,
    datasetId: snapshot.id,
    warnings: input.warnings,
  };
}

/** How the version's config and the report type a field: Podium's own input types. */
function fieldType(field: ImportedField): 'number' | 'category' | 'date' {
  return field.kind === 'string' ? 'category' : field.kind;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
