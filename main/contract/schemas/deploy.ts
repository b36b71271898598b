import { z } from 'zod';

/**
 * Manifests for a cluster (`podium deploy`) and the model's service image as a file
 * (`podium export --format docker`): what leaves the workstation for a team's cluster.
 */

/** A Kubernetes namespace: an RFC 1123 label, as the API server checks it. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const storageUri = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9+.-]*:\/\/\S+$/,
    'must be a URI such as s3://bucket/models/churn/v3 or pvc://claim/churn/v3',
  );

export const DeployTargetSchema = z.enum(['kserve', 'kubernetes']);

export const DeployedVersionSchema = z.strictObject({
  model: z.string(),
  version: z.number(),
  /** The name the cluster knows it by (InferenceService, Deployment and Service). */
  name: z.string(),
  /** The Podium service image, or null when the ONNX export is served from storage. */
  image: z.string().nullable(),
  /** Where the cluster reads the ONNX export (`model.onnx`), or null for the Podium image. */
  storageUri: z.string().nullable(),
});

export const DeployReportSchema = z.strictObject({
  target: DeployTargetSchema,
  namespace: z.string(),
  champion: DeployedVersionSchema,
  challenger: DeployedVersionSchema.nullable(),
  /** How the challenger meets traffic: none, a canary share, or a mirrored copy. */
  rollout: z.enum(['none', 'canary', 'shadow']),
  canaryPercent: z.number().nullable(),
  outDir: z.string(),
  /** The manifests written, in the order to apply them. */
  files: z.array(z.strictObject({ file: z.string(), kinds: z.array(z.string()) })),
  /** What the manifests need that Podium cannot write for the cluster (secrets, uploads, images). */
  steps: z.array(z.string()),
});

export const ImageExportReportSchema = z.strictObject({
  model: z.string(),
  version: z.number(),
  image: z.string(),
  file: z.string(),
  bytes: z.number(),
  /** Whether the image had to be built first. */
  built: z.boolean(),
});

export const deployOperationSchemas = {
  /** Writes the manifests that run one version (and a challenger beside it) on a cluster. */
  'deploy.manifests': {
    input: z.strictObject({
      target: DeployTargetSchema,
      model: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
      outDir: z.string().trim().min(1),
      /** The folder holding the version's ONNX export as model.onnx (kserve only). */
      storageUri: storageUri.optional(),
      /** The service image the cluster pulls (default: the one Podium builds, podium/ENV-MODEL:vN). */
      image: z.string().trim().min(1).optional(),
      /** The version a canary or shadow runs (default: MODEL:challenger). */
      challenger: z.string().min(1).optional(),
      challengerStorageUri: storageUri.optional(),
      challengerImage: z.string().trim().min(1).optional(),
      canaryPercent: z.number().int().min(1).max(99).optional(),
      shadow: z.boolean().optional(),
      namespace: z
        .string()
        .regex(NAMESPACE, 'must be a Kubernetes namespace (lower-case letters, digits, -)')
        .optional(),
    }),
    output: DeployReportSchema,
  },
  /** Saves one version's service image (built when missing) to a tar for `docker load`. */
  'versions.exportImage': {
    input: z.strictObject({
      model: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
      file: z.string().trim().min(1),
    }),
    output: ImageExportReportSchema,
  },
};
