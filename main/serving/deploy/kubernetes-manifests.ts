import { DEFAULT_SERVICE_PORT } from '../docker/model-image.js';
import { labelValue, versionLabels } from './cluster-names.js';
import type { ManifestFile } from './manifest-types.js';
import { serviceContainer, TMP_VOLUME } from './service-container.js';

export type KubernetesOptions = {
  namespace: string;
  environment: string;
  batchLimit: number;
  tokenSecret: string;
  model: string;
  version: number;
  name: string;
  image: string;
  replicas?: number;
};

/**
 * A plain Deployment and a ClusterIP Service for clusters without KServe: the Podium service
 * image, its Open Inference Protocol routes on port 80 of the Service. The selector names the
 * model only, so applying the file of a new version rolls the same Deployment over to it.
 */
export function kubernetesManifests(options: KubernetesOptions): ManifestFile[] {
  const labels = versionLabels(options.model, options.version);
  const selector = {
    'app.kubernetes.io/name': labelValue(options.model),
    'app.kubernetes.io/managed-by': 'podium',
  };
  return [
    {
      file: `${options.name}.yaml`,
      manifests: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: options.name, namespace: options.namespace, labels },
          spec: {
            replicas: options.replicas ?? 2,
            selector: { matchLabels: selector },
            // Never fewer ready pods than asked for while a new version rolls out.
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
              metadata: { labels },
              spec: {
                automountServiceAccountToken: false,
                terminationGracePeriodSeconds: 30,
                containers: [
                  serviceContainer({
                    model: options.model,
                    version: options.version,
                    image: options.image,
                    environment: options.environment,
                    batchLimit: options.batchLimit,
                    containerName: 'model-service',
                    tokenSecret: options.tokenSecret,
                  }),
                ],
                volumes: [TMP_VOLUME],
              },
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: options.name, namespace: options.namespace, labels },
          spec: {
            type: 'ClusterIP',
            selector,
            ports: [{ name: 'http', port: 80, targetPort: DEFAULT_SERVICE_PORT, protocol: 'TCP' }],
          },
        },
      ],
    },
  ];
}
