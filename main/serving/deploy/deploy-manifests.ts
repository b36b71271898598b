import { PodiumError } from '../../contract/errors.js';
import type { DeployedVersion, DeployReport, OperationInput } from '../../contract/index.js';
import { modelImageRef } from '../docker/model-image.js';
import { clusterName } from './cluster-names.js';
import { type KServeRollout, kserveManifests } from './kserve-manifests.js';
import { kubernetesManifests } from './kubernetes-manifests.js';
import type { ClusterVersion, ManifestFile } from './manifest-types.js';
import { writeManifestFiles } from './write-manifests.js';

type RegisteredVersion = { modelName: string; version: number };

export type DeployContext = {
  environment: string;
  batchLimit: number;
  champion: RegisteredVersion;
  /** The version a canary or shadow runs; null without one. */
  challenger: RegisteredVersion | null;
};

type Input = OperationInput<'deploy.manifests'>;

/** Writes the manifests `podium deploy` asks for and says what else the cluster needs. */
export async function deployManifests(input: Input, context: DeployContext): Promise<DeployReport> {
  const rollout = deployRollout(input);
  const namespace = input.namespace ?? 'default';
  const tokenSecret = `${clusterName(context.champion.modelName)}-podium-token`;
  const champion = clusterVersion(context.champion, clusterName(context.champion.modelName), {
    image: input.image,
    storageUri: input.storageUri,
    environment: context.environment,
    flag: '--storage-uri',
  });
  let challenger: ClusterVersion | null = null;
  if (rollout.kind !== 'none') {
    const registered = context.challenger;
    if (registered === null) {
      throw new PodiumError(
        'USAGE',
        'A canary or shadow needs a challenger: name one with --challenger MODEL:VERSION',
        {
          field: 'challenger',
        },
      );
    }
    if (
      registered.modelName !== context.champion.modelName ||
      registered.version === context.champion.version
    ) {
      throw new PodiumError(
        'USAGE',
        `The challenger must be another version of ${context.champion.modelName}, not ${registered.modelName} v${registered.version}`,
        { field: 'challenger', model: registered.modelName, version: registered.version },
      );
    }
    // A canary is a new revision of the champion's InferenceService; a shadow is one of its own.
    const name = rollout.kind === 'canary' ? champion.name : clusterName(registered.modelName, '-shadow');
    challenger = clusterVersion(registered, name, {
      image: input.challengerImage,
      storageUri: input.challengerStorageUri,
      environment: context.environment,
      flag: '--challenger-storage-uri',
    });
    if ('storageUri' in champion.source && !('storageUri' in challenger.source)) {
      throw new PodiumError(
        'USAGE',
        `The champion is served from --storage-uri; give the challenger's ONNX folder too (--challenger-storage-uri), or serve both from the Podium image`,
        { field: 'challengerStorageUri' },
      );
    }
  }

  const common = { namespace, environment: context.environment, batchLimit: context.batchLimit, tokenSecret };
  let files: ManifestFile[];
  if (input.target === 'kserve') {
    files = kserveManifests({ ...common, champion, challenger, rollout });
  } else {
    if (!('image' in champion.source)) throw new Error('kubernetes target without an image');
    files = kubernetesManifests({
      ...common,
      model: champion.model,
      version: champion.version,
      name: champion.name,
      image: champion.source.image,
    });
  }
  const header = `Written by podium deploy ${input.target} for ${champion.model} v${champion.version}${
    challenger ? ` with v${challenger.version} as ${rollout.kind}` : ''
  }; apply in file-name order.`;
  const written = await writeManifestFiles(input.outDir, files, header);
  const versions = challenger ? [champion, challenger] : [champion];
  return {
    target: input.target,
    namespace,
    champion: reported(champion),
    challenger: challenger ? reported(challenger) : null,
    rollout: rollout.kind,
    canaryPercent: rollout.kind === 'canary' ? rollout.percent : null,
    outDir: written.dir,
    files: written.files,
    steps: steps(versions, namespace, tokenSecret, written.files, rollout),
  };
}

/** How the challenger meets traffic, once the flags are known to go together (checked before any lookup). */
export function deployRollout(input: Input): KServeRollout {
  if (input.canaryPercent !== undefined && input.shadow) {
    throw new PodiumError('USAGE', 'Give --canary PERCENT or --shadow, not both', { field: 'canaryPercent' });
  }
  const rollout: KServeRollout =
    input.canaryPercent !== undefined
      ? { kind: 'canary', percent: input.canaryPercent }
      : input.shadow
        ? { kind: 'shadow' }
        : { kind: 'none' };
  checkFlags(input, rollout);
  return rollout;
}

function checkFlags(input: Input, rollout: KServeRollout): void {
  if (input.target !== 'kubernetes') return;
  const kserveOnly: [string, unknown][] = [
    ['--storage-uri', input.storageUri],
    ['--challenger-storage-uri', input.challengerStorageUri],
    ['--canary', rollout.kind === 'canary' ? true : undefined],
    ['--shadow', rollout.kind === 'shadow' ? true : undefined],
    ['--challenger', input.challenger],
  ];
  const given = kserveOnly.filter(([, value]) => value !== undefined).map(([flag]) => flag);
  if (given.length > 0) {
    throw new PodiumError(
      'USAGE',
      `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} for podium deploy kserve; a plain Deployment runs one version of the Podium image`,
      { field: given[0] },
    );
  }
}

function clusterVersion(
  registered: RegisteredVersion,
  name: string,
  given: { image?: string; storageUri?: string; environment: string; flag: string },
): ClusterVersion {
  const { modelName: model, version } = registered;
  if (given.storageUri !== undefined) {
    return { model, version, name, source: { storageUri: given.storageUri.replace(/\/+$/, '') } };
  }
  const image = given.image ?? modelImageRef({ environment: given.environment, modelName: model, version });
  return { model, version, name, source: { image } };
}

function reported(version: ClusterVersion): DeployedVersion {
  return {
    model: version.model,
    version: version.version,
    name: version.name,
    image: 'image' in version.source ? version.source.image : null,
    storageUri: 'storageUri' in version.source ? version.source.storageUri : null,
  };
}

/** What the cluster needs before the manifests work, in words a user can run. */
function steps(
  versions: ClusterVersion[],
  namespace: string,
  tokenSecret: string,
  files: { file: string }[],
  rollout: KServeRollout,
): string[] {
  const out: string[] = [];
  for (const version of versions) {
    const ref = `${version.model}:${version.version}`;
    if ('storageUri' in version.source) {
      out.push(
        `podium export ${ref} model.onnx --format onnx, then upload model.onnx to ${version.source.storageUri}/model.onnx`,
      );
    } else {
      out.push(
        `podium export ${ref} ${version.model}-v${version.version}.tar --format docker, then docker load -i it and push ${version.source.image} to a registry the cluster pulls from (or load it on its nodes)`,
      );
    }
  }
  if (versions.some((version) => 'image' in version.source)) {
    out.push(
      `kubectl -n ${namespace} create secret generic ${tokenSecret} --from-literal=token-sha256=$(printf %s "$PODIUM_SERVING_AUTH_TOKEN" | sha256sum | cut -d' ' -f1)  (the service answers only requests that carry this bearer token)`,
    );
  }
  for (const [index, { file }] of files.entries()) {
    const wait =
      rollout.kind === 'canary' && index === 0
        ? ' and wait until it is Ready (kubectl get isvc): the canary splits traffic with this revision'
        : '';
    out.push(`kubectl apply -f ${file}${wait}`);
  }
  return out;
}
