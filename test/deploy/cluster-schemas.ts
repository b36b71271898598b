import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { Ajv, type ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

/** The JSON schemas of the cluster's objects kept in test/fixtures/k8s (see the README there). */
const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '..', '..', '..', 'test', 'fixtures', 'k8s');

const SCHEMA_OF: Record<string, string> = {
  'apps/v1 Deployment': 'deployment-apps-v1.schema.json',
  'v1 Service': 'service-v1.schema.json',
  'serving.kserve.io/v1beta1 InferenceService': 'inferenceservice-serving-kserve-v1beta1.schema.json',
  'networking.istio.io/v1beta1 VirtualService': 'virtualservice-networking-istio-v1beta1.schema.json',
};

const ajv = new Ajv({ allErrors: true, strict: true });
for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as object);
}

function validatorFor(document: unknown): ValidateFunction {
  const { apiVersion, kind } = (document ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const file = SCHEMA_OF[`${String(apiVersion)} ${String(kind)}`];
  if (file === undefined)
    throw new Error(`No schema for apiVersion ${String(apiVersion)} kind ${String(kind)}`);
  const validate = ajv.getSchema(file);
  if (!validate) throw new Error(`Schema ${file} is not loaded`);
  return validate;
}

/** The schema's complaints about one object, as `path: message` lines; empty when it is valid. */
export function schemaErrors(document: unknown): string[] {
  const validate = validatorFor(document);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'}: ${error.message}${
        error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''
      }`,
  );
}

/**
 * The objects whose official schemas ship on npm: kubernetes-models validates against schemas
 * generated from Kubernetes' own OpenAPI document (v1.27), @kubernetes-models/istio against
 * Istio's CRDs. KServe's CRD is not published on npm, so the InferenceService is checked by the
 * hand-written schema only. These schemas accept unknown fields (the API server drops them unless
 * strict validation is on), which is why the strict hand-written ones stay beside them.
 */
const OFFICIAL_MODEL_OF: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'networking.istio.io/v1beta1 VirtualService': VirtualService,
};

/** The official schema's complaint about one object, or null when it is valid or none is published. */
export function officialSchemaError(document: unknown): string | null {
  const { apiVersion, kind } = (document ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const Model = OFFICIAL_MODEL_OF[`${String(apiVersion)} ${String(kind)}`];
  if (Model === undefined) return null;
  try {
    new Model(document as never).validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The YAML documents of a written manifest file, each as plain data. */
export function readManifests(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
    return document.toJS() as Record<string, unknown>;
  });
}
