import { resolve } from 'node:path';
import { pathExists } from '../common/files.js';
import { podiumVersion } from '../common/versions.js';
import { toSnakeCaseDocument } from '../contract/documented-json.js';
import { PodiumError } from '../contract/errors.js';
import type { ExportReport } from '../contract/index.js';
import { CodeVersionSchema } from '../contract/schemas/index.js';
import type { DatasetStore } from '../data/index.js';
import type { DecisionStore } from '../lifecycle/decision-store.js';
import type { RunLineageStore } from '../lineage/index.js';
import { type ModelVersion, type VersionStore, verifyPackage } from '../registry/index.js';
import type { RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import { writeArchive } from './archive-writer.js';
import {
  EXPORT_DATASET_DIR,
  EXPORT_INTEGRITY,
  EXPORT_LINEAGE,
  EXPORT_PACKAGE_DIR,
  type ExportIntegrity,
  type ExportLineage,
} from './portable-format.js';

// One definition, in the contract the operation returns.
export type { ExportReport };

/**
 * Writes one version as a portable .tgz: its package (verified against the registry's hash
 * first, so a damaged package is never shipped), its lineage (version row, run with params,
 * tags, metrics and recorded lineage, dataset profile, decisions and stage history) and, unless
 * left out, the training dataset snapshot, which `evaluate` needs on the other side.
 */
/** What an export reads: the version's model and history, run, lineage, dataset and decisions. */
export type ExportStores = {
  versions: VersionStore;
  datasets: DatasetStore;
  runs: RunStore;
  runLineage: RunLineageStore;
  decisions: DecisionStore;
};

export async function exportVersion(
  workspace: Workspace,
  stores: ExportStores,
  version: ModelVersion,
  file: string,
  options: { includeDataset?: boolean } = {},
): Promise<ExportReport> {
  const target = resolve(file);
  if (await pathExists(target)) {
    throw new PodiumError('CONFLICT', `${target} already exists; choose a new file name`, { file: target });
  }
  await verifyPackage(version.packagePath, version.packageSha256);
  const dataset = stores.datasets.get(version.datasetId);
  const includeDataset =
    (options.includeDataset ?? true) && dataset !== null && (await pathExists(dataset.path));
  const lineage = lineageOf(workspace, stores, version, includeDataset);
  let fileCount = 0;
  await writeArchive(target, async (archive) => {
    await archive.addTree(EXPORT_PACKAGE_DIR, version.packagePath);
    if (includeDataset && dataset)
      await archive.addFile(`${EXPORT_DATASET_DIR}/${dataset.id}.csv`, dataset.path);
    await archive.addContent(EXPORT_LINEAGE, `${JSON.stringify(lineage, null, 2)}\n`);
    const integrity: ExportIntegrity = {
      format: 'podium-export-integrity/1',
      package_sha256: version.packageSha256,
      files: archive.files,
    };
    fileCount = Object.keys(integrity.files).length;
    await archive.addContent(EXPORT_INTEGRITY, `${JSON.stringify(integrity, null, 2)}\n`);
  });
  workspace.logger.info(
    { file: target, model: version.modelName, version: version.version },
    'version exported',
  );
  return {
    file: target,
    model: version.modelName,
    version: version.version,
    packageSha256: version.packageSha256,
    files: fileCount,
    datasetIncluded: includeDataset,
  };
}

function lineageOf(
  workspace: Workspace,
  stores: ExportStores,
  version: ModelVersion,
  datasetIncluded: boolean,
): ExportLineage {
  const { clock } = workspace;
  const { versions } = stores;
  const model = versions.modelTask(version.modelName);
  if (!model) throw new PodiumError('NOT_FOUND', `Model ${version.modelName} is not registered`);
  const run = runOf(stores.runs, version.runId);
  const dataset = stores.datasets.get(version.datasetId);
  const decisions = stores.decisions.naming(version.id).map((decision) => ({
    id: decision.id,
    outcome: decision.outcome,
    role: decision.role,
    summary: decision.summary,
    created_at: decision.createdAt,
  }));
  const recorded = stores.runLineage.get(version.runId);
  const transitions = versions
    .transitions(version.modelName)
    .filter((t) => t.versionId === version.id)
    .reverse()
    .map((t) => ({
      from_stage: t.fromStage,
      to_stage: t.toStage,
      actor: t.actor,
      reason: t.reason,
      created_at: t.createdAt,
    }));
  return {
    format: 'podium-model-export/1',
    exported_at: clock.now().toISOString(),
    podium_version: podiumVersion(),
    model: { name: version.modelName, task: model.task, target: model.target },
    version: {
      version: version.version,
      stage: version.stage,
      model_type: version.modelType,
      run_id: version.runId,
      dataset_id: version.datasetId,
      package_sha256: version.packageSha256,
      metrics: version.metrics,
      created_at: version.createdAt,
    },
    run,
    run_lineage: recorded && { ...recorded, code: toSnakeCaseDocument(CodeVersionSchema, recorded.code) },
    dataset: dataset
      ? {
          id: dataset.id,
          source_name: dataset.sourceName,
          bytes: dataset.bytes,
          profile: dataset.profile,
          dialect: dataset.dialect,
          included: datasetIncluded,
        }
      : null,
    decisions,
    transitions,
  };
}

function runOf(runs: RunStore, runId: string): ExportLineage['run'] {
  try {
    const run = runs.get(runId);
    return {
      id: run.id,
      experiment: run.experimentName,
      name: run.name,
      status: run.status,
      parent_run_id: run.parentRunId,
      started_at: run.startedAt,
      ended_at: run.endedAt,
      params: run.params,
      tags: run.tags,
      metrics: run.metrics,
    };
  } catch (error) {
    if (error instanceof PodiumError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
