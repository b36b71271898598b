import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists, sha256Directory, tempPathFor, writeFileAtomic } from '../common/files.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import type { DatasetProfile } from '../data/types.js';
import type { Task } from '../training/types.js';

export type PackageManifest = {
  format: 'podium-model-package/1';
  name: string;
  version: number;
  task: Task;
  target: string;
  model_type: string;
  /** What the service accepts: from the fitted preprocessing. */
  signature: unknown;
  metrics: Record<string, number>;
  lineage: {
    run_id: string;
    dataset_id: string;
    config_sha256: string;
  };
  library_versions: Record<string, string>;
  backend: string;
  created_at: string;
  /**
   * How the training file was written: separator, decimal mark and each date column's format
   * (the fitted preprocessing reads dates in the same formats). Absent in older packages.
   */
  csv_dialect?: CsvDialect;
};

export const MANIFEST_FILE = 'manifest.json';
export const REFERENCE_PROFILE_FILE = 'reference-profile.json';
export const MODEL_CONFIG_FILE = 'model-config.yaml';

/**
 * Builds the immutable package folder from a trained run's output: copy into a temporary
 * sibling, add manifest, reference profile and config, then rename into place. A crash leaves
 * at worst a temporary folder, never a half-filled package at the final path.
 */
export async function writeModelPackage(input: {
  trainedDir: string;
  targetDir: string;
  manifest: PackageManifest;
  referenceProfile: DatasetProfile;
  modelConfigYaml: string;
  /** More files for the package, by name (e.g. the reference distribution for drift). */
  extraFiles?: Record<string, string>;
}): Promise<{ sha256: string }> {
  const staging = tempPathFor(input.targetDir);
  try {
    await mkdir(staging, { recursive: true });
    await cp(input.trainedDir, staging, { recursive: true });
    await writeFileAtomic(join(staging, MANIFEST_FILE), `${JSON.stringify(input.manifest, null, 2)}\n`);
    await writeFileAtomic(join(staging, REFERENCE_PROFILE_FILE), JSON.stringify(input.referenceProfile));
    await writeFileAtomic(join(staging, MODEL_CONFIG_FILE), input.modelConfigYaml);
    for (const [name, text] of Object.entries(input.extraFiles ?? {}))
      await writeFileAtomic(join(staging, name), text);
    const sha256 = await sha256Directory(staging);
    // A folder at the target with no registry row is debris from a crash before the insert.
    if (await pathExists(input.targetDir)) await rm(input.targetDir, { recursive: true, force: true });
    await rename(staging, input.targetDir);
    return { sha256 };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export async function readManifest(packageDir: string): Promise<PackageManifest> {
  try {
    return JSON.parse(await readFile(join(packageDir, MANIFEST_FILE), 'utf8')) as PackageManifest;
  } catch (error) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${join(packageDir, MANIFEST_FILE)}: cannot read the manifest (${(error as Error).message})`,
      {
        file: join(packageDir, MANIFEST_FILE),
      },
    );
  }
}

/** Whether a package folder still holds what was registered: its folder hash against the stored one. */
export type PackageState = 'intact' | 'missing' | 'changed';

export async function packageState(packageDir: string, expectedSha256: string): Promise<PackageState> {
  if (!(await pathExists(packageDir))) return 'missing';
  return (await sha256Directory(packageDir)) === expectedSha256 ? 'intact' : 'changed';
}

export async function verifyPackage(packageDir: string, expectedSha256: string): Promise<void> {
  const state = await packageState(packageDir, expectedSha256);
  if (state === 'missing') {
    throw new PodiumError('PACKAGE_INVALID', `Model package ${packageDir} is missing`, { path: packageDir });
  }
  if (state === 'changed') {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `Model package ${packageDir} has changed since it was registered (hash differs)`,
      {
        path: packageDir,
        expected: expectedSha256,
        actual: await sha256Directory(packageDir),
      },
    );
  }
}
