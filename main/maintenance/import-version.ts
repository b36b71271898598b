import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../common/clock.js';
import { pathExists, sha256Directory, tempPathFor, writeFileAtomic } from '../common/files.js';
import { fromSnakeCaseDocument, toSnakeCaseDocument } from '../contract/documented-json.js';
import { PodiumError } from '../contract/errors.js';
import type { CodeVersion, ImportReport } from '../contract/index.js';
import { CodeVersionSchema, ImportReportSchema } from '../contract/schemas/index.js';
import { type DatasetStore, legacyDialect } from '../data/index.js';
import type { RunLineageStore } from '../lineage/index.js';
import {
  MANIFEST_FILE,
  type ModelVersion,
  readManifest,
  type TransitionCause,
  type VersionStore,
} from '../registry/index.js';
import type { RunStatus, RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import { type ArchiveLimits, type ExtractedFile, extractArchive, IMPORT_LIMITS } from './archive-reader.js';
import {
  type ArchivedRunLineage,
  EXPORT_DATASET_DIR,
  EXPORT_INTEGRITY,
  EXPORT_LINEAGE,
  EXPORT_PACKAGE_DIR,
  type ExportIntegrity,
  type ExportLineage,
  MODEL_NAME,
} from './portable-format.js';

// One definition, in the contract the operation returns.
export type { ImportReport };

const DATASET_ID = /^[0-9a-f]{64}$/;
const TASKS = new Set(['binary', 'category', 'number']);

/**
 * Registers an exported version as a new challenger of a model. The archive is unpacked into a
 * temporary folder inside the workspace with every safety check (paths, links, sizes, truncation),
 * then every file is checked against the integrity manifest and the package against its recorded
 * hash. Only then is the package renamed into place and the rows written in one transaction; if
 * that fails the package is removed again, so a refused or failed import leaves nothing behind.
 */
export type ImportOptions = {
  modelName?: string;
  limits?: ArchiveLimits;
  /**
   * Set by `podium release` only, the one way a version reaches prod: its own transition cause,
   * a name for the source, and writes that commit in the registering transaction.
   */
  release?: {
    sourceName: string;
    cause: TransitionCause;
    onRegistered: (version: ModelVersion) => void;
  };
};

/** What an import writes: the version, its run and lineage, its dataset snapshot's record. */
export type ImportStores = {
  versions: VersionStore;
  datasets: DatasetStore;
  runs: RunStore;
  runLineage: RunLineageStore;
};

export async function importVersion(
  workspace: Workspace,
  stores: ImportStores,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (workspace.environment !== 'dev' && !options.release) {
    throw new PodiumError(
      'USAGE',
      `import is not available in ${workspace.environment}: versions reach ${workspace.environment} only by podium release <version> --to ${workspace.environment} from dev`,
      { environment: workspace.environment, command: 'import' },
    );
  }
  const source = resolve(file);
  const { paths } = workspace;
  const staging = tempPathFor(join(paths.models, 'import'));
  try {
    const extracted = await extractArchive(source, staging, options.limits ?? IMPORT_LIMITS);
    const { lineage, integrity } = await verifyExport(source, staging, extracted);
    return await register(workspace, stores, source, staging, lineage, integrity, options);
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

function invalid(file: string, message: string, entry?: string): PodiumError {
  return new PodiumError('ARCHIVE_INVALID', `${file}: ${message}; nothing was imported`, {
    file,
    ...(entry ? { entry } : {}),
  });
}

async function readJson<T>(file: string, staging: string, name: string): Promise<T> {
  try {
    return JSON.parse(await readFile(join(staging, name), 'utf8')) as T;
  } catch (error) {
    throw invalid(file, `entry "${name}" is missing or not valid JSON (${(error as Error).message})`, name);
  }
}

async function verifyExport(
  file: string,
  staging: string,
  extracted: Map<string, ExtractedFile>,
): Promise<{ lineage: ExportLineage; integrity: ExportIntegrity }> {
  if (!extracted.has(EXPORT_INTEGRITY) || !extracted.has(EXPORT_LINEAGE))
    throw invalid(file, `no ${EXPORT_INTEGRITY} or ${EXPORT_LINEAGE}: this is not a Podium model export`);
  const integrity = await readJson<ExportIntegrity>(file, staging, EXPORT_INTEGRITY);
  if (
    integrity.format !== 'podium-export-integrity/1' ||
    typeof integrity.files !== 'object' ||
    !integrity.files
  )
    throw invalid(file, `${EXPORT_INTEGRITY} is not a podium-export-integrity/1 manifest`, EXPORT_INTEGRITY);
  for (const [name, expected] of Object.entries(integrity.files)) {
    const actual = extracted.get(name);
    if (!actual) throw invalid(file, `entry "${name}" is listed in ${EXPORT_INTEGRITY} but missing`, name);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes)
      throw invalid(file, `entry "${name}" does not match its hash in ${EXPORT_INTEGRITY}`, name);
  }
  for (const name of extracted.keys()) {
    if (name === EXPORT_INTEGRITY) continue;
    if (!(name in integrity.files))
      throw invalid(file, `entry "${name}" is not listed in ${EXPORT_INTEGRITY}`, name);
    const allowed =
      name === EXPORT_LINEAGE ||
      name.startsWith(`${EXPORT_PACKAGE_DIR}/`) ||
      /^dataset\/[0-9a-f]{64}\.csv$/.test(name);
    if (!allowed) throw invalid(file, `entry "${name}" is not part of a model export`, name);
  }
  const lineage = await readJson<ExportLineage>(file, staging, EXPORT_LINEAGE);
  checkLineage(file, lineage);
  const packageDir = join(staging, EXPORT_PACKAGE_DIR);
  if (!(await pathExists(packageDir)))
    throw invalid(file, `the archive holds no ${EXPORT_PACKAGE_DIR}/ folder`);
  const actual = await sha256Directory(packageDir);
  if (actual !== integrity.package_sha256 || actual !== lineage.version.package_sha256)
    throw invalid(
      file,
      `entry "${EXPORT_PACKAGE_DIR}/" hashes to ${actual.slice(0, 12)}…, not to the recorded ${String(lineage.version.package_sha256).slice(0, 12)}…`,
      EXPORT_PACKAGE_DIR,
    );
  const manifest = await readManifest(packageDir).catch(() => null);
  if (manifest?.format !== 'podium-model-package/1')
    throw invalid(
      file,
      `package/${MANIFEST_FILE} is not a podium-model-package/1 manifest`,
      `package/${MANIFEST_FILE}`,
    );
  if (lineage.dataset?.included) {
    const name = `${EXPORT_DATASET_DIR}/${lineage.dataset.id}.csv`;
    if (extracted.get(name)?.sha256 !== lineage.dataset.id)
      throw invalid(file, `entry "${name}" is missing or its content does not match the dataset id`, name);
  }
  return { lineage, integrity };
}

/** The fields that become names, paths or typed columns; the rest is informational. */
function checkLineage(file: string, lineage: ExportLineage): void {
  const bad = (what: string) => invalid(file, `${EXPORT_LINEAGE}: ${what}`, EXPORT_LINEAGE);
  if (lineage?.format !== 'podium-model-export/1') throw bad('not a podium-model-export/1 record');
  if (!MODEL_NAME.test(String(lineage.model?.name))) throw bad('the model name is not a safe name');
  if (!TASKS.has(lineage.model.task) || typeof lineage.model.target !== 'string')
    throw bad('task or target is invalid');
  const v = lineage.version;
  if (!v || typeof v.run_id !== 'string' || v.run_id === '' || v.run_id.length > 200)
    throw bad('the run id is invalid');
  if (!DATASET_ID.test(String(v.dataset_id))) throw bad('the dataset id is not a SHA-256');
  if (typeof v.model_type !== 'string' || typeof v.package_sha256 !== 'string')
    throw bad('version fields are missing');
  if (!v.metrics || Object.values(v.metrics).some((value) => typeof value !== 'number'))
    throw bad('metrics are invalid');
  if (!lineage.dataset || lineage.dataset.id !== v.dataset_id) throw bad('the dataset record is missing');
  const recorded = lineage.run_lineage;
  if (recorded && codeVersionOf(recorded) === null) throw bad('the run lineage is malformed');
}

async function register(
  workspace: Workspace,
  stores: ImportStores,
  file: string,
  staging: string,
  lineage: ExportLineage,
  integrity: ExportIntegrity,
  options: ImportOptions,
): Promise<ImportReport> {
  const requestedName = options.modelName;
  const sourceName = options.release?.sourceName ?? basename(file);
  const { db, paths } = workspace;
  const { versions, datasets } = stores;
  const modelName = requestedName ?? lineage.model.name;
  if (!MODEL_NAME.test(modelName)) {
    throw new PodiumError('USAGE', `"${modelName}" is not a valid model name (letters, digits, . _ -)`, {
      model: modelName,
    });
  }
  const existing = versions.modelTask(modelName);
  if (existing && (existing.task !== lineage.model.task || existing.target !== lineage.model.target)) {
    throw new PodiumError(
      'CONFLICT',
      `Model ${modelName} predicts ${existing.target} (${existing.task}); the export predicts ${lineage.model.target} (${lineage.model.task}). Use --model to import under another name.`,
      { model: modelName },
    );
  }
  const versionNumber = versions.nextVersionNumber(modelName);
  const packagePath = join(paths.models, modelName, `v${versionNumber}`);
  if (await pathExists(packagePath)) {
    throw new PodiumError(
      'CONFLICT',
      `${packagePath} already exists with no registered version (left by a crash); run podium doctor --repair first`,
      { path: packagePath },
    );
  }
  const stagedPackage = join(staging, EXPORT_PACKAGE_DIR);
  const manifest = await readManifest(stagedPackage);
  const source = {
    model: lineage.model.name,
    version: lineage.version.version,
    packageSha256: integrity.package_sha256,
  };
  // Services report the manifest's name and version, so it must name the version it now is.
  await writeFileAtomic(
    join(stagedPackage, MANIFEST_FILE),
    `${JSON.stringify({ ...manifest, name: modelName, version: versionNumber, imported_from: toSnakeCaseDocument(ImportReportSchema.shape.source, source) }, null, 2)}\n`,
  );
  const packageSha256 = await sha256Directory(stagedPackage);
  const dataset = lineage.dataset!;
  const datasetPath = join(paths.datasets, `${dataset.id}.csv`);
  const placed: string[] = [];
  const warnings: string[] = [];
  try {
    await mkdir(dirname(packagePath), { recursive: true });
    await rename(stagedPackage, packagePath);
    placed.push(packagePath);
    if (dataset.included && !(await pathExists(datasetPath))) {
      await mkdir(paths.datasets, { recursive: true });
      await rename(join(staging, EXPORT_DATASET_DIR, `${dataset.id}.csv`), datasetPath);
      placed.push(datasetPath);
    }
    const cause: TransitionCause = options.release?.cause ?? {
      actor: 'podium import',
      reason: `imported from ${sourceName} (${source.model} v${source.version}, package ${source.packageSha256.slice(0, 12)})`,
    };
    const version = db
      .transaction(() => {
        versions.ensureModel(modelName, lineage.model.task, lineage.model.target);
        if (!datasets.get(dataset.id)) {
          datasets.record({
            id: dataset.id,
            path: datasetPath,
            sourceName: dataset.source_name,
            bytes: dataset.bytes,
            profile: dataset.profile,
            dialect: dataset.dialect ?? legacyDialect(dataset.profile),
          });
        }
        ensureRun(stores, workspace.clock, lineage, sourceName);
        const inserted = versions.insert(
          {
            modelName,
            version: versionNumber,
            runId: lineage.version.run_id,
            datasetId: dataset.id,
            modelType: lineage.version.model_type,
            packagePath,
            packageSha256,
            metrics: lineage.version.metrics,
          },
          cause,
        );
        versions.setStage(inserted.id, 'challenger', cause);
        options.release?.onRegistered(versions.byId(inserted.id));
        return versions.byId(inserted.id);
      })
      .immediate() as ModelVersion;
    if (!(await pathExists(datasetPath))) {
      warnings.push(
        `the training dataset ${dataset.id.slice(0, 12)} was not in the export; evaluate needs it at ${datasetPath}`,
      );
    }
    workspace.logger.info({ file, model: modelName, version: versionNumber }, 'version imported');
    return {
      file,
      model: modelName,
      version: version.version,
      stage: version.stage,
      packagePath,
      packageSha256,
      source,
      datasetIncluded: dataset.included,
      warnings,
    };
  } catch (error) {
    for (const path of placed.reverse()) await rm(path, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The version's run, recreated under its own id when this workspace does not have it, with its
 * params, tags, final metrics and recorded lineage. Its parent run (a search) stays behind; the
 * tags say where it came from.
 */
function ensureRun(stores: ImportStores, clock: Clock, lineage: ExportLineage, sourceName: string): void {
  const { runs } = stores;
  const runId = lineage.version.run_id;
  if (runs.has(runId)) return;
  const run = lineage.run;
  const now = clock.now().toISOString();
  const ended: readonly string[] = ['finished', 'failed', 'cancelled'];
  const status = run && ended.includes(run.status) ? (run.status as RunStatus) : 'finished';
  runs.recordImported({
    id: runId,
    experiment: run?.experiment ?? 'imported',
    name: run?.name ?? `${lineage.model.name} v${lineage.version.version} (imported)`,
    status,
    datasetId: lineage.version.dataset_id,
    startedAt: run?.started_at ?? now,
    endedAt: run?.ended_at ?? now,
  });
  runs.logParams(runId, run?.params ?? {});
  runs.setTags(runId, {
    ...(run?.tags ?? {}),
    imported_from: sourceName,
    ...(run?.parent_run_id ? { imported_parent_run_id: run.parent_run_id } : {}),
  });
  runs.logMetrics(runId, run?.metrics ?? {});
  const recorded = lineage.run_lineage;
  if (!recorded) return;
  // The run's dataset may not have come along (an export without data); lineage then names none.
  const datasetKnown = recorded.datasetId !== null && stores.datasets.get(recorded.datasetId) !== null;
  stores.runLineage.recordIfAbsent({
    ...recorded,
    // checkLineage refused an archive whose code version does not read.
    code: codeVersionOf(recorded)!,
    runId,
    datasetId: datasetKnown ? recorded.datasetId : null,
  });
}

/** The run's code version, from the archive's snake_case (null when it is not one). */
function codeVersionOf(recorded: ArchivedRunLineage): CodeVersion | null {
  try {
    return fromSnakeCaseDocument(CodeVersionSchema, recorded.code);
  } catch {
    return null;
  }
}
