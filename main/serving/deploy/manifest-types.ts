/**
 * The parts of Kubernetes objects Podium writes, typed as far as Podium fills them. The full
 * shapes are the cluster's (Kubernetes API reference, KServe's InferenceService v1beta1 API);
 * the tests check what is written against JSON schemas of them.
 */
export type ObjectMeta = {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
};

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
};

/** One file of manifests, applied in its name's order. */
export type ManifestFile = { file: string; manifests: Manifest[] };

/** One version as the cluster runs it: from the Podium service image, or from its ONNX export. */
export type ClusterVersion = {
  model: string;
  version: number;
  /** The object name in the cluster (DNS-1035 label). */
  name: string;
  source: { image: string } | { storageUri: string };
};
