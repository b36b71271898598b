import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Directory } from '../../main/common/files.js';
import { VersionStore } from '../../main/registry/index.js';
import type { Workspace } from '../../main/workspace/index.js';

/**
 * The snapshots (CSV and profile) in `dir`, by name and content; columns files are left out, as
 * backups leave them out: a load rebuilds them from the CSV.
 */
async function snapshotFilesHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).filter((entry) => !entry.endsWith('.columns')).sort()) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** What a restore must bring back exactly: every version row, the history, packages and datasets. */
export type RegistryState = { versions: unknown[]; transitions: number; models: string; datasets: string };

export async function registryState(workspace: Workspace): Promise<RegistryState> {
  const versions = new VersionStore(workspace.db, workspace.clock, workspace.paths.root);
  return {
    versions: versions.list().map((v) => [v.modelName, v.version, v.stage, v.packagePath, v.packageSha256]),
    transitions: versions.transitions('credit-risk').length,
    models: await sha256Directory(workspace.paths.models),
    datasets: await snapshotFilesHash(workspace.paths.datasets),
  };
}
