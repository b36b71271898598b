import { sha256Directory } from '../../main/common/files.js';
import { VersionStore } from '../../main/registry/index.js';
import type { Workspace } from '../../main/workspace/index.js';

/** What a restore must bring back exactly: every version row, the history, packages and datasets. */
export type RegistryState = { versions: unknown[]; transitions: number; models: string; datasets: string };

export async function registryState(workspace: Workspace): Promise<RegistryState> {
  const versions = new VersionStore(workspace.db, workspace.clock, workspace.paths.root);
  return {
    versions: versions.list().map((v) => [v.modelName, v.version, v.stage, v.packagePath, v.packageSha256]),
    transitions: versions.transitions('credit-risk').length,
    models: await sha256Directory(workspace.paths.models),
    datasets: await sha256Directory(workspace.paths.datasets),
  };
}
