import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256File } from '../common/files.js';
import { libraryVersions } from '../common/versions.js';
import { PodiumError } from '../contract/errors.js';
import type { MetricDifference, Reproduction } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import { MODEL_CONFIG_FILE, type ModelVersion, readManifest, verifyPackage } from '../registry/index.js';
import { heldOutMetrics, parseModelConfig, type TrainingProgress, trainModel } from '../training/index.js';
import type { Workspace } from '../workspace/index.js';

export type { MetricDifference };

/** `podium reproduce --json`: the contract's reproduction, with the two fields it has always printed in snake_case. */
export type ReproduceReport = Omit<Reproduction, 'modelConfigPath' | 'libraryDifferences'> & {
  model_config_path: string;
  library_differences: Reproduction['libraryDifferences'];
};

/**
 * Retrains a version from what was recorded — the dataset snapshot, the package's
 * model-config.yaml and its seed — into a temporary folder, and compares the held-out metrics
 * exactly. The temporary package is always deleted: a reproduction checks, it registers nothing.
 */
export async function reproduce(
  workspace: Workspace,
  stores: { datasets: DatasetStore },
  version: ModelVersion,
  options: { signal?: AbortSignal; onProgress?: (event: TrainingProgress) => void } = {},
): Promise<Reproduction> {
  await verifyPackage(version.packagePath, version.packageSha256);
  const manifest = await readManifest(version.packagePath);
  const configPath = join(version.packagePath, MODEL_CONFIG_FILE);
  const config = parseModelConfig(await readFile(configPath, 'utf8'), configPath);
  const dataset = stores.datasets.get(version.datasetId);
  if (!dataset) {
    throw new PodiumError(
      'NOT_FOUND',
      `Dataset snapshot ${version.datasetId.slice(0, 12)} of ${version.modelName} v${version.version} is not in the workspace`,
      { dataset_id: version.datasetId },
    );
  }
  const snapshotHash = await sha256File(dataset.path).catch(() => null);
  if (snapshotHash !== dataset.id) {
    throw new PodiumError(
      'DATA_INVALID',
      snapshotHash === null
        ? `Dataset snapshot ${dataset.path} is missing`
        : `Dataset snapshot ${dataset.path} has changed since it was ingested (hash differs)`,
      { file: dataset.path, expected: dataset.id, actual: snapshotHash },
    );
  }

  const folder = await mkdtemp(join(tmpdir(), 'podium-reproduce-'));
  try {
    const result = await trainModel(
      {
        config,
        datasetPath: dataset.path,
        profile: dataset.profile,
        dialect: dataset.dialect,
        packageDir: join(folder, 'package'),
      },
      { signal: options.signal, onProgress: options.onProgress },
    );
    const expected = version.metrics;
    const { loss: _objective, ...actual } = heldOutMetrics(result);
    const differences: MetricDifference[] = Object.entries(expected)
      .filter(([metric, value]) => !Object.is(actual[metric], value))
      .map(([metric, value]) => ({ metric, expected: value, actual: actual[metric] ?? null }));
    const current = libraryVersions();
    const names = [...new Set([...Object.keys(manifest.library_versions), ...Object.keys(current)])].sort();
    const libraryDifferences = names
      .filter((name) => manifest.library_versions[name] !== current[name])
      .map((name) => ({
        name,
        recorded: manifest.library_versions[name] ?? null,
        current: current[name] ?? null,
      }));
    const backend = { recorded: manifest.backend, current: result.backend };
    workspace.logger.info(
      { model: version.modelName, version: version.version, matches: differences.length === 0, differences },
      'reproduction checked',
    );
    return {
      model: version.modelName,
      version: version.version,
      dataset: { id: dataset.id, path: dataset.path },
      modelConfigPath: configPath,
      seed: config.seed,
      expected,
      actual,
      matches: differences.length === 0,
      differences,
      backend,
      libraryDifferences,
      reasons: differences.length === 0 ? [] : explain(backend, libraryDifferences),
      seconds: result.seconds,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function explain(backend: Reproduction['backend'], libraries: Reproduction['libraryDifferences']): string[] {
  const reasons: string[] = [];
  if (backend.recorded !== backend.current) {
    reasons.push(
      `The version was trained on the "${backend.recorded}" backend and retrained on "${backend.current}": floating-point results differ between backends (set PODIUM_TF_BACKEND=${backend.recorded} to match).`,
    );
  }
  for (const library of libraries) {
    reasons.push(
      `${library.name} was ${library.recorded ?? 'absent'} when the version was trained and is ${library.current ?? 'absent'} now.`,
    );
  }
  if (reasons.length === 0) {
    reasons.push(
      'Same backend and library versions, yet the metrics differ: this model type does not train deterministically here (e.g. multi-threaded reductions).',
    );
  }
  return reasons;
}
