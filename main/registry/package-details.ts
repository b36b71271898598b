import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PackageDetails } from '../contract/index.js';
import { MODEL_CONFIG_FILE, readManifest } from './package.js';
import type { ModelVersion } from './versions.js';

/** What the Registry view shows of a version's package: manifest facts, files and the model config. */
export async function packageDetails(record: ModelVersion): Promise<PackageDetails> {
  const manifest = await readManifest(record.packagePath);
  const files: { path: string; bytes: number }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.push({ path: relative(record.packagePath, full), bytes: (await stat(full)).size });
    }
  };
  await walk(record.packagePath);
  files.sort((a, b) => a.path.localeCompare(b.path));
  let modelConfigYaml: string | null = null;
  try {
    modelConfigYaml = await readFile(join(record.packagePath, MODEL_CONFIG_FILE), 'utf8');
  } catch {
    modelConfigYaml = null;
  }
  return {
    path: record.packagePath,
    sha256: record.packageSha256,
    task: manifest.task,
    target: manifest.target,
    backend: manifest.backend,
    libraryVersions: manifest.library_versions,
    files,
    modelConfigYaml,
  };
}
