import { TOKEN_SHA256_ENV } from '../auth-guard.js';
import { SERVICE_UID } from '../docker/base-image.js';
import { DEFAULT_SERVICE_PORT, MODEL_DIR, PORT_ENV, serviceCommand } from '../docker/model-image.js';

/** The Secret (one per model) whose `token-sha256` key holds the SHA-256 of the serving token. */
export const TOKEN_SECRET_KEY = 'token-sha256';

export type ServiceContainerOptions = {
  model: string;
  version: number;
  image: string;
  environment: string;
  batchLimit: number;
  /** KServe looks for its serving container by this name; a Deployment's may be any. */
  containerName: string;
  tokenSecret: string;
};

/**
 * The model service container as a pod runs it: the same image and command as the Docker
 * runtime, listening on all addresses of the pod (the kubelet probes the pod's address, not
 * loopback). A service bound beyond loopback refuses to start without a token (bind-policy.ts),
 * so the token's hash comes from a Secret; the health routes stay open for the probes.
 */
export function serviceContainer(options: ServiceContainerOptions): Record<string, unknown> {
  const args = serviceCommand(
    {
      modelName: options.model,
      version: options.version,
      role: 'champion',
      packageDir: MODEL_DIR,
      host: '0.0.0.0',
      port: DEFAULT_SERVICE_PORT,
      environment: options.environment,
      batchLimit: options.batchLimit,
      logFile: '',
    },
    '0.0.0.0',
    // Alone in its pod: no gateway beside it decides champion or shadow.
    'standalone',
  );
  return {
    name: options.containerName,
    image: options.image,
    // The image's own tag stays what `podium export --format docker` saved; a cluster pulls only when it lacks it.
    imagePullPolicy: 'IfNotPresent',
    args,
    ports: [{ name: 'http1', containerPort: DEFAULT_SERVICE_PORT, protocol: 'TCP' }],
    env: [
      { name: PORT_ENV, value: String(DEFAULT_SERVICE_PORT) },
      {
        name: TOKEN_SHA256_ENV,
        valueFrom: { secretKeyRef: { name: options.tokenSecret, key: TOKEN_SECRET_KEY } },
      },
    ],
    readinessProbe: {
      httpGet: { path: '/v2/health/ready', port: DEFAULT_SERVICE_PORT },
      initialDelaySeconds: 2,
      periodSeconds: 5,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/v2/health/live', port: DEFAULT_SERVICE_PORT },
      // Loading a large model takes a while; liveness waits for it rather than restarting a loading pod.
      initialDelaySeconds: 30,
      periodSeconds: 10,
      failureThreshold: 3,
    },
    resources: {
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1', memory: '1Gi' },
    },
    // What the Docker runtime grants a service: no root, no writes but /tmp, no capabilities.
    securityContext: {
      runAsNonRoot: true,
      runAsUser: SERVICE_UID,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The /tmp the read-only container writes to, sized like the Docker runtime's tmpfs. */
export const TMP_VOLUME = { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } };
