import { isMap, isSeq, parseDocument } from 'yaml';

/**
 * The Train form and the YAML beside it edit one model config: the form reads its fields out of
 * the YAML and writes changes back into the same document, so comments and keys the form does
 * not know survive, and whatever the analyst types in the YAML shows up in the form.
 */
export type ConfigFormFields = {
  modelType: string;
  features: string[];
  epochs: number | null;
  batchSize: number | null;
  learningRate: number | null;
  earlyStop: number | null;
  optimizer: string | null;
  search: { enabled: boolean; samples: number | null; algorithm: string | null; metric: string | null };
};

export type FormRead = { ok: true; fields: ConfigFormFields } | { ok: false; message: string };

export type FeatureSpec = { name: string; type: string } & Record<string, unknown>;

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function readConfigForm(yamlText: string): FormRead {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first?.linePos?.[0]?.line;
    return {
      ok: false,
      message: `${line === undefined ? '' : `Line ${line}: `}${first?.message ?? 'invalid YAML'}`,
    };
  }
  const config: unknown = doc.toJS();
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { ok: false, message: 'The model config must be a YAML mapping' };
  }
  const record = config as Record<string, unknown>;
  const trainer = (record.trainer ?? {}) as Record<string, unknown>;
  const hyperopt = record.hyperopt as Record<string, unknown> | undefined;
  const searchAlg = (hyperopt?.search_alg ?? {}) as Record<string, unknown>;
  const features = Array.isArray(record.input_features)
    ? record.input_features
        .map((feature: unknown) => (feature as { name?: unknown } | null)?.name)
        .filter((name): name is string => typeof name === 'string')
    : [];
  return {
    ok: true,
    fields: {
      modelType: stringOrNull(record.model_type) ?? '',
      features,
      epochs: numberOrNull(trainer.epochs),
      batchSize: numberOrNull(trainer.batch_size),
      learningRate: numberOrNull(trainer.learning_rate),
      earlyStop: numberOrNull(trainer.early_stop),
      optimizer: stringOrNull(trainer.optimizer),
      search: {
        enabled: hyperopt !== undefined && hyperopt !== null,
        samples: numberOrNull(hyperopt?.num_samples),
        algorithm: stringOrNull(searchAlg.type),
        metric: stringOrNull(hyperopt?.metric),
      },
    },
  };
}

export type ConfigPatch =
  | { kind: 'set'; path: (string | number)[]; value: unknown }
  | { kind: 'feature'; feature: FeatureSpec; enabled: boolean }
  | { kind: 'search'; enabled: boolean };

/** A starting search over the learning rate; the analyst edits it in the YAML. */
export const defaultSearch = {
  goal: 'minimize',
  metric: 'loss',
  search_alg: { type: 'random' },
  num_samples: 8,
  parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 0.0001, upper: 0.1 } },
};

/** Applies one form change to the YAML text; returns the text unchanged when it cannot be parsed. */
export function applyConfigPatch(yamlText: string, patch: ConfigPatch): string {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) return yamlText;
  switch (patch.kind) {
    case 'set':
      doc.setIn(patch.path, patch.value);
      break;
    case 'search':
      if (patch.enabled) {
        if (!doc.hasIn(['hyperopt'])) doc.set('hyperopt', doc.createNode(defaultSearch));
      } else doc.delete('hyperopt');
      break;
    case 'feature': {
      const list = doc.get('input_features', true);
      if (!isSeq(list)) {
        if (patch.enabled) doc.set('input_features', doc.createNode([patch.feature]));
        break;
      }
      const index = list.items.findIndex((item) => isMap(item) && item.get('name') === patch.feature.name);
      if (patch.enabled && index === -1) list.add(doc.createNode(patch.feature));
      if (!patch.enabled && index !== -1) list.delete(index);
      break;
    }
  }
  return doc.toString();
}

/** The config entry of one input feature, so a feature switched off and on again keeps its settings. */
export function featureSpec(yamlText: string, name: string): FeatureSpec | null {
  const doc = parseDocument(yamlText);
  const list: unknown = doc.toJS()?.input_features;
  if (!Array.isArray(list)) return null;
  const found = list.find((item: unknown) => (item as { name?: unknown } | null)?.name === name);
  return found === undefined ? null : (found as FeatureSpec);
}

/** How a profile column type becomes an input feature type when the analyst adds it by hand. */
export function featureTypeFor(columnType: string): string | null {
  switch (columnType) {
    case 'numeric':
    case 'integer':
      return 'number';
    case 'binary':
      return 'binary';
    case 'category':
      return 'category';
    case 'date':
      return 'date';
    default:
      return null;
  }
}
