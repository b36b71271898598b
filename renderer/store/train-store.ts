import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { ModelTypeChoice, PodiumClient } from '../../main/contract/index.js';
import type { JobsStore } from './jobs-store.js';
import {
  applyConfigPatch,
  type ConfigPatch,
  type FeatureSpec,
  type FormRead,
  featureSpec,
  featureTypeFor,
  readConfigForm,
} from './model-config-form.js';

export const modelTypeChoices: ModelTypeChoice[] = ['auto', 'linear', 'ecd', 'gbm', 'random_forest'];

export type TrainState = {
  datasetId: string | null;
  target: string | null;
  modelType: ModelTypeChoice;
  modelName: string;
  yaml: string;
  /** True once the analyst changed the YAML (by hand or through the form): then it is sent. */
  edited: boolean;
  form: FormRead | null;
  templateLoading: boolean;
  templateError: PodiumErrorData | null;
  /** Features switched off, kept so switching one back on restores its settings. */
  removedFeatures: Record<string, FeatureSpec>;
  starting: boolean;
  startError: PodiumErrorData | null;
  jobId: number | null;
  choose(choice: { datasetId?: string; target?: string | null; modelType?: ModelTypeChoice }): Promise<void>;
  setModelName(name: string): void;
  loadTemplate(): Promise<void>;
  setYaml(yaml: string): void;
  patch(patch: ConfigPatch): void;
  toggleFeature(name: string, enabled: boolean, columnType: string): void;
  start(): Promise<number | null>;
};

export function createTrainStore(client: PodiumClient, jobs: JobsStore) {
  return createStore<TrainState>()((set, get) => ({
    datasetId: null,
    target: null,
    modelType: 'auto',
    modelName: '',
    yaml: '',
    edited: false,
    form: null,
    templateLoading: false,
    templateError: null,
    removedFeatures: {},
    starting: false,
    startError: null,
    jobId: null,
    async choose(choice) {
      set({ ...choice, startError: null });
      await get().loadTemplate();
    },
    setModelName(name) {
      set({ modelName: name });
    },
    async loadTemplate() {
      const { datasetId, target, modelType } = get();
      if (datasetId === null || target === null) return;
      set({ templateLoading: true, templateError: null });
      const result = await client.sendCatch('train.template', { datasetId, target, modelType });
      // A later choice may have superseded this request while it ran.
      const now = get();
      if (now.datasetId !== datasetId || now.target !== target || now.modelType !== modelType) return;
      if (result.error !== undefined) {
        set({ templateLoading: false, templateError: result.error });
        return;
      }
      set({
        templateLoading: false,
        yaml: result.data.yaml,
        form: readConfigForm(result.data.yaml),
        edited: false,
        removedFeatures: {},
      });
    },
    setYaml(yaml) {
      set({ yaml, edited: true, form: readConfigForm(yaml) });
    },
    patch(patch) {
      const yaml = applyConfigPatch(get().yaml, patch);
      set({ yaml, edited: true, form: readConfigForm(yaml) });
    },
    toggleFeature(name, enabled, columnType) {
      const { yaml, removedFeatures } = get();
      if (!enabled) {
        const spec = featureSpec(yaml, name);
        if (spec === null) return;
        set({ removedFeatures: { ...removedFeatures, [name]: spec } });
        get().patch({ kind: 'feature', feature: spec, enabled: false });
        return;
      }
      const type = featureTypeFor(columnType);
      const spec = removedFeatures[name] ?? (type === null ? null : { name, type });
      if (spec === null) return;
      get().patch({ kind: 'feature', feature: spec, enabled: true });
    },
    async start() {
      const { datasetId, target, modelType, yaml, edited, modelName } = get();
      if (datasetId === null || target === null) return null;
      set({ starting: true, startError: null });
      const result = await client.sendCatch('train.start', {
        datasetId,
        target,
        modelType,
        ...(edited ? { configYaml: yaml } : {}),
        ...(modelName.trim() === '' ? {} : { model: modelName.trim() }),
      });
      if (result.error !== undefined) {
        set({ starting: false, startError: result.error });
        return null;
      }
      const jobId = result.data.jobId;
      jobs.getState().track(jobId, 'train', `train ${modelType} → ${target}`);
      set({ starting: false, jobId });
      return jobId;
    },
  }));
}

export type TrainStore = ReturnType<typeof createTrainStore>;
