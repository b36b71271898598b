import { PodiumError } from '../../contract/errors.js';

/**
 * InferenceService names become Knative and Service host names (`NAME-predictor.NS...`), so they
 * must be DNS-1035 labels with room for KServe's suffixes; 45 characters leaves it that room.
 */
const MAX_NAME = 45;

/** `churn_v2.model` → `churn-v2-model`: a DNS-1035 label (lower case, starts with a letter). */
export function clusterName(model: string, suffix = ''): string {
  let name = model
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) name = `model-${name}`;
  name = `${name}${suffix}`.replace(/-+$/, '');
  if (name.length > MAX_NAME) {
    throw new PodiumError(
      'USAGE',
      `The model name ${model} makes the cluster name ${name}, longer than the ${MAX_NAME} characters KServe leaves room for; register the model under a shorter name (podium import --model NAME)`,
      { field: 'model', model, name },
    );
  }
  return name;
}

/** Label values: at most 63 characters of letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export function labelValue(text: string): string {
  const value = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return value === '' ? 'model' : value;
}

/** What every object Podium writes carries: which model and version it runs, and who wrote it. */
export function versionLabels(model: string, version: number): Record<string, string> {
  return {
    'app.kubernetes.io/name': labelValue(model),
    'app.kubernetes.io/version': `v${version}`,
    'app.kubernetes.io/managed-by': 'podium',
    'podium/model': labelValue(model),
    'podium/version': String(version),
  };
}
