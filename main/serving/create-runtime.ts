import { sha256 } from '../common/files.js';
import type { Workspace } from '../workspace/index.js';
import { ProcessRuntime, type Runtime } from './runtime.js';

/** The runtime a workspace's config (or a --runtime flag) asks for; Docker is loaded only when used. */
export async function createRuntime(name: 'process' | 'docker', workspace: Workspace): Promise<Runtime> {
  if (name === 'process') return new ProcessRuntime();
  const { DockerRuntime } = await import('./docker/index.js');
  return new DockerRuntime({
    // Containers are labelled with the workspace they belong to, so two workspaces never adopt each other's.
    workspaceId: sha256(workspace.paths.root).slice(0, 16),
    baseImage: workspace.config.serving.docker_base_image,
    onBuildOutput: (line) => workspace.logger.debug({ line }, 'docker build'),
  });
}
