import { PodiumError } from '../contract/errors.js';

/**
 * How users name a model or one of its versions, everywhere (the CLI's `--model` and version
 * arguments, the operations the UI calls): `NAME`, `NAME:3` (or `NAME:v3`, `NAME@3`),
 * `NAME:champion|challenger|shadow`, and, for the workspace's default model, `3`, `v3` or an alias.
 * One parser, one resolver: `parseModelRef` reads the text, `resolveModelName` and
 * `resolveModelVersion` turn it into a registered model and version against a catalog.
 */

/** The characters a model's name may hold (the registry's rule, and `training.model_name`'s). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const MODEL_NAME_RULE = 'letters, digits, dot, dash or underscore, starting with a letter or digit';

export const MODEL_ALIASES = ['champion', 'challenger', 'shadow'] as const;
export type ModelAlias = (typeof MODEL_ALIASES)[number];

/** What a reference names: a model, a version of it, or the version an alias points at. */
export type ModelRef = { model?: string; version?: number; alias?: ModelAlias };

const VERSION = /^v?(\d+)$/i;
const REF_FORMS = 'NAME, NAME:VERSION (e.g. churn:3) or NAME:champion|challenger|shadow';

function isAlias(text: string): text is ModelAlias {
  return (MODEL_ALIASES as readonly string[]).includes(text);
}

/** Reads a reference as typed; anything that is none of the forms is a usage error that shows them. */
export function parseModelRef(text: string): ModelRef {
  const trimmed = text.trim();
  const cut = trimmed.search(/[:@]/);
  const head = cut < 0 ? trimmed : trimmed.slice(0, cut);
  const tail = cut < 0 ? null : trimmed.slice(cut + 1);
  const refused = () =>
    new PodiumError('USAGE', `"${text}" is not a model or version; use ${REF_FORMS}`, { ref: text });
  if (tail === null) {
    const version = VERSION.exec(head);
    if (version) return { version: Number(version[1]) };
    if (isAlias(head)) return { alias: head };
    if (MODEL_NAME_PATTERN.test(head)) return { model: head };
    throw refused();
  }
  if (!MODEL_NAME_PATTERN.test(head)) throw refused();
  const version = VERSION.exec(tail);
  if (version) return { model: head, version: Number(version[1]) };
  if (isAlias(tail)) return { model: head, alias: tail };
  throw refused();
}

/** The reference as text again (`churn:3`, `churn:champion`, `3`, `churn`). */
export function formatModelRef(ref: ModelRef): string {
  const what = ref.version !== undefined ? String(ref.version) : ref.alias;
  if (ref.model === undefined) return what ?? '';
  return what === undefined ? ref.model : `${ref.model}:${what}`;
}

/**
 * A version argument (`3`, `churn:3`, `champion`) together with `--model` (`churn`, or a reference
 * whose model part is used): one reference. A version argument must name a version or an alias
 * (a bare name is refused), and two different model names are a usage error.
 */
export function joinModelRef(model: string | undefined, version: string | undefined): string | undefined {
  if (version === undefined) return model;
  const ref = parseModelRef(version);
  if (ref.version === undefined && ref.alias === undefined) {
    throw new PodiumError(
      'USAGE',
      `"${version}" is not a model version; use a number such as 3, NAME:3 or NAME:champion|challenger|shadow`,
      { ref: version },
    );
  }
  if (model === undefined) return formatModelRef(ref);
  const named = parseModelRef(model).model;
  if (ref.model !== undefined && named !== undefined && ref.model !== named) {
    throw new PodiumError(
      'USAGE',
      `"${version}" names model ${ref.model} but --model names ${named}; give one of them`,
      { ref: version, model },
    );
  }
  return formatModelRef({ ...ref, model: ref.model ?? named });
}

/**
 * A model name made from a data file's name: `churn.csv` → `churn`, `Sales 2024.csv` →
 * `sales-2024`. Lower case, the registry's characters only; a name that would read as a version
 * or an alias (`2024.csv`) gets a `model-` prefix.
 */
export function modelNameFromFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/(\.(csv|tsv|txt|parquet))?(\.gz)?$/i, '');
  let name = stem
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '');
  if (name === '') name = 'model';
  if (VERSION.test(name) || isAlias(name)) name = `model-${name}`;
  return name;
}

/** The name a training registers under: `--model`, else `training.model_name` when set, else the file's. */
export function trainingModelName(given: string | undefined, configured: string, file: string): string {
  if (given !== undefined) {
    const ref = parseModelRef(given);
    if (ref.model === undefined || ref.version !== undefined || ref.alias !== undefined) {
      throw new PodiumError(
        'USAGE',
        `"${given}" is not a model name; training registers a new version of a model named by ${MODEL_NAME_RULE} (e.g. churn)`,
        { field: 'model', model: given },
      );
    }
    return ref.model;
  }
  return configured !== '' ? configured : modelNameFromFile(file);
}

/** What the resolver needs to know about the registry. */
export type ModelCatalog = {
  /** The registered models' names. */
  names(): readonly string[];
  /** The version an alias points at now, or null when there is none. */
  aliasVersion(model: string, alias: ModelAlias): number | null;
  /** `training.model_name` when the user set one: the model meant when none is named. */
  configured?: string;
};

const PICK = '--model NAME';

function listed(names: readonly string[]): string {
  return names.join(', ');
}

function known(name: string, names: readonly string[]): string {
  if (names.includes(name)) return name;
  throw new PodiumError(
    'NOT_FOUND',
    names.length === 0
      ? `No model named ${name}: no model is registered yet. Train one: podium train --data FILE --auto-evaluate`
      : `No model named ${name}; the registered model${names.length === 1 ? ' is' : 's are'} ${listed(names)}`,
    { field: 'model', model: name, models: [...names] },
  );
}

/**
 * The model a reference names. None named: `training.model_name` when the user set it, else the
 * workspace's only model; with several and none named, a usage error lists them and how to pick
 * one. `null` instead of an error for an empty workspace when `optional` (views with nothing to show).
 */
export function resolveModelName(catalog: ModelCatalog, given: string | undefined): string;
export function resolveModelName(
  catalog: ModelCatalog,
  given: string | undefined,
  options: { optional: true },
): string | null;
export function resolveModelName(
  catalog: ModelCatalog,
  given: string | undefined,
  options: { optional?: boolean } = {},
): string | null {
  const names = catalog.names();
  const named = given === undefined ? undefined : parseModelRef(given).model;
  if (named !== undefined) return known(named, names);
  if (names.length === 0 && options.optional) return null;
  if (catalog.configured) return known(catalog.configured, names);
  if (names.length === 1) return names[0];
  if (names.length === 0) {
    throw new PodiumError(
      'NOT_FOUND',
      'No model is registered yet. Train one: podium train --data FILE --auto-evaluate',
      { field: 'model', models: [] },
    );
  }
  throw new PodiumError(
    'USAGE',
    `Several models are registered (${listed(names)}); name one with ${PICK}, e.g. ${PICK.replace('NAME', names[0])}`,
    { field: 'model', models: [...names] },
  );
}

/**
 * The version a reference names: `model` (a reference) and `version` (a number, when the caller
 * has it apart) together; with neither a version nor an alias, `fallback`'s version (e.g. the
 * champion), or a usage error that shows how to name one.
 */
export function resolveModelVersion(
  catalog: ModelCatalog,
  given: { model?: string; version?: number },
  fallback?: ModelAlias,
): { model: string; version: number } {
  const ref = given.model === undefined ? {} : parseModelRef(given.model);
  const model = resolveModelName(catalog, ref.model);
  if (given.version !== undefined && ref.version !== undefined && given.version !== ref.version) {
    throw new PodiumError('USAGE', `"${given.model}" and version ${given.version} name two versions`, {
      field: 'version',
    });
  }
  const version = given.version ?? ref.version;
  if (version !== undefined) return { model, version };
  const alias = ref.alias ?? fallback;
  if (alias === undefined) {
    throw new PodiumError(
      'USAGE',
      `Name a version of ${model}: ${model}:3, or ${model}:champion|challenger`,
      {
        field: 'version',
        model,
      },
    );
  }
  const found = catalog.aliasVersion(model, alias);
  if (found === null) {
    throw new PodiumError('NOT_FOUND', `${model} has no ${alias} now; name a version (${model}:3)`, {
      field: 'version',
      model,
      alias,
    });
  }
  return { model, version: found };
}

/** Kept for the lifecycle's own callers: "3", "v3", "name:3", "name@3" against a default model. */
export function parseVersionRef(ref: string, defaultModel: string): { modelName: string; version: number } {
  const parsed = parseModelRef(ref);
  if (parsed.version === undefined) {
    throw new PodiumError(
      'USAGE',
      `"${ref}" is not a model version; use a number such as 3, v3 or ${defaultModel}:3`,
      { ref },
    );
  }
  return { modelName: parsed.model ?? defaultModel, version: parsed.version };
}
