import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { createRuntime } from './create-runtime.js';

type Names = 'deploy.manifests' | 'versions.exportImage';

/** What the cluster operations need of the API. */
export type DeployHandlerContext = { workspace: Workspace; stores: { versions: VersionStore } };

/**
 * Manifests for a cluster and the service image as a file. Both load the Docker code only when
 * called (manifests name the image it builds), as the rest of serving does.
 */
export function deployHandlers(context: DeployHandlerContext): DomainHandlers<Names> {
  const { workspace, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'deploy.manifests': defineOperation('deploy.manifests', async (input) => {
      const { deployManifests, deployRollout } = await import('./deploy/deploy-manifests.js');
      const rollout = deployRollout(input);
      const champion = refs.version({ model: input.model, version: input.version }, 'champion');
      const challenger =
        rollout.kind === 'none'
          ? null
          : refs.version({ model: input.challenger ?? champion.modelName }, 'challenger');
      return deployManifests(input, {
        environment: workspace.environment,
        batchLimit: workspace.config.serving.batch_limit,
        champion,
        challenger,
      });
    }),
    'versions.exportImage': defineOperation('versions.exportImage', async ({ model, version, file }) => {
      const found = refs.version({ model, version }, 'champion');
      const runtime = await createRuntime('docker', workspace);
      const { DockerRuntime } = await import('./docker/docker-runtime.js');
      const { saveModelImage } = await import('./docker/save-image.js');
      if (!(runtime instanceof DockerRuntime)) throw new Error('createRuntime(docker) made no DockerRuntime');
      const saved = await saveModelImage(
        runtime,
        {
          modelName: found.modelName,
          version: found.version,
          role: 'champion',
          packageDir: found.packagePath,
          host: '127.0.0.1',
          port: workspace.config.serving.service_port_start,
          environment: workspace.environment,
          batchLimit: workspace.config.serving.batch_limit,
          logFile: '',
        },
        file,
      );
      return { model: found.modelName, version: found.version, ...saved };
    }),
  };
}
