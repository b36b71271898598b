import {
  type ModelAlias,
  type ModelCatalog,
  modelNameFromFile,
  resolveModelName,
  resolveModelVersion,
} from '../common/version-ref.js';
import type { PodiumConfig } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { ModelVersion, VersionStore } from './versions.js';

/** What holds the config (the workspace): read at each use, so a saved training.model_name applies at once. */
type ConfigHolder = { readonly config: Pick<PodiumConfig, 'training'> };

/** The registry as the reference resolver sees it: its models, and the version each alias points at. */
export function modelCatalog(versions: VersionStore, holder: ConfigHolder): ModelCatalog {
  return {
    names: () => versions.models().map((model) => model.name),
    aliasVersion: (model: string, alias: ModelAlias) =>
      (alias === 'champion' ? versions.champion(model) : versions.withStage(model, alias)[0])?.version ??
      null,
    get configured() {
      return holder.config.training.model_name || undefined;
    },
  };
}

/**
 * What every operation that acts on a model uses to read the model it was given (`churn`,
 * `churn:3`, `churn:champion`, or nothing: the default model), so the CLI and the UI resolve alike.
 */
export function modelRefs(versions: VersionStore, holder: ConfigHolder) {
  const catalog = modelCatalog(versions, holder);
  return {
    /** The model named, or the default one (see `resolveModelName`). */
    name: (model: string | undefined): string => resolveModelName(catalog, model),
    /** The same, or null in an empty workspace (views with nothing to show yet). */
    nameIfAny: (model: string | undefined): string | null =>
      resolveModelName(catalog, model, { optional: true }),
    /**
     * The model new data trains (a cycle): the one named, else `training.model_name` (registered
     * or not: the training registers it), else the only model; in an empty workspace, the one
     * the data file names.
     */
    forData: (model: string | undefined, file: string | undefined): string => {
      if (model !== undefined) return resolveModelName(catalog, model);
      const configured = holder.config.training.model_name;
      if (configured !== '') return configured;
      const found = resolveModelName(catalog, undefined, { optional: true });
      if (found !== null) return found;
      if (file !== undefined) return modelNameFromFile(file);
      throw new PodiumError(
        'NOT_FOUND',
        'No model is registered yet, and no new data names one. Train one: podium train --data FILE --auto-evaluate',
        { field: 'model', models: [] },
      );
    },
    /** The registered version named (a reference and/or a number), else `fallback`'s. */
    version: (given: { model?: string; version?: number }, fallback?: ModelAlias): ModelVersion => {
      const { model, version } = resolveModelVersion(catalog, given, fallback);
      return versions.get(model, version);
    },
  };
}

export type ModelRefs = ReturnType<typeof modelRefs>;
