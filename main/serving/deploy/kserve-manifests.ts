import { versionLabels } from './cluster-names.js';
import type { ClusterVersion, Manifest, ManifestFile } from './manifest-types.js';
import { serviceContainer, TMP_VOLUME } from './service-container.js';

export const KSERVE_API = 'serving.kserve.io/v1beta1';
export const ISTIO_NETWORKING_API = 'networking.istio.io/v1beta1';

export type KServeRollout = { kind: 'none' } | { kind: 'canary'; percent: number } | { kind: 'shadow' };

export type KServeOptions = {
  namespace: string;
  environment: string;
  batchLimit: number;
  tokenSecret: string;
  champion: ClusterVersion;
  challenger: ClusterVersion | null;
  rollout: KServeRollout;
};

/** The predictor that runs one version: KServe's ONNX runtime on the export, or the Podium image. */
function predictor(version: ClusterVersion, options: KServeOptions): Record<string, unknown> {
  if ('storageUri' in version.source) {
    return {
      model: {
        modelFormat: { name: 'onnx' },
        protocolVersion: 'v2',
        storageUri: version.source.storageUri,
      },
    };
  }
  return {
    containers: [
      serviceContainer({
        model: version.model,
        version: version.version,
        image: version.source.image,
        environment: options.environment,
        batchLimit: options.batchLimit,
        containerName: 'kserve-container',
        tokenSecret: options.tokenSecret,
      }),
    ],
    volumes: [TMP_VOLUME],
  };
}

function inferenceService(
  name: string,
  version: ClusterVersion,
  options: KServeOptions,
  extra: { canaryPercent?: number; annotations?: Record<string, string> } = {},
): Manifest {
  return {
    apiVersion: KSERVE_API,
    kind: 'InferenceService',
    metadata: {
      name,
      namespace: options.namespace,
      labels: versionLabels(version.model, version.version),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      predictor: {
        ...(extra.canaryPercent === undefined ? {} : { canaryTrafficPercent: extra.canaryPercent }),
        ...predictor(version, options),
      },
    },
  };
}

/**
 * The InferenceServices for a champion, and a challenger beside it.
 *
 * Canary: KServe's own rollout. The challenger is the same InferenceService with a new predictor
 * and `canaryTrafficPercent`; KServe keeps the rest of the traffic on the last revision that
 * rolled out (the champion's), so the champion's file is applied first.
 *
 * Shadow: an InferenceService has no mirror of its own. The challenger runs as a second
 * InferenceService, and an Istio VirtualService mirrors every request to the champion's predictor
 * onto it; Istio drops the mirror's answers, so callers only ever see the champion's. Both run
 * in RawDeployment mode, where each predictor is a plain Kubernetes Service that Istio's mesh
 * routing applies to (serverless predictors are routed by Knative's own gateway instead).
 */
export function kserveManifests(options: KServeOptions): ManifestFile[] {
  const { champion, challenger, rollout } = options;
  if (rollout.kind === 'none' || challenger === null) {
    return [
      { file: `${champion.name}.yaml`, manifests: [inferenceService(champion.name, champion, options)] },
    ];
  }
  if (rollout.kind === 'canary') {
    return [
      {
        file: `10-${champion.name}-champion.yaml`,
        manifests: [inferenceService(champion.name, champion, options)],
      },
      {
        file: `20-${champion.name}-canary.yaml`,
        manifests: [inferenceService(champion.name, challenger, options, { canaryPercent: rollout.percent })],
      },
    ];
  }
  const raw = { 'serving.kserve.io/deploymentMode': 'RawDeployment' };
  const host = (name: string) => `${name}-predictor.${options.namespace}.svc.cluster.local`;
  const mirror: Manifest = {
    apiVersion: ISTIO_NETWORKING_API,
    kind: 'VirtualService',
    metadata: {
      name: `${champion.name}-mirror`,
      namespace: options.namespace,
      labels: versionLabels(champion.model, champion.version),
    },
    spec: {
      hosts: [host(champion.name)],
      http: [
        {
          route: [{ destination: { host: host(champion.name), port: { number: 80 } } }],
          mirror: { host: host(challenger.name), port: { number: 80 } },
          mirrorPercentage: { value: 100 },
        },
      ],
    },
  };
  return [
    {
      file: `10-${champion.name}-champion.yaml`,
      manifests: [inferenceService(champion.name, champion, options, { annotations: raw })],
    },
    {
      file: `20-${challenger.name}.yaml`,
      manifests: [inferenceService(challenger.name, challenger, options, { annotations: raw })],
    },
    { file: `30-${champion.name}-mirror.yaml`, manifests: [mirror] },
  ];
}
