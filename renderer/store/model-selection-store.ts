import { createStore } from 'zustand/vanilla';
import type { ModelSummary, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

/** Where the chosen model is remembered: `localStorage` in the page, a stand-in in tests. */
export type ChoiceStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

export const MODEL_CHOICE_KEY = 'podium.model';

/**
 * The model every model-scoped view shows: the one the user chose (remembered across reloads)
 * while it is still registered, else the workspace's default model (`status.get` resolves it as
 * the CLI does), else the first registered one. A workspace with several models and no default
 * answers `status.get` with a usage error; the views never see it, they get the first model.
 */
export function pickModel(
  models: readonly Pick<ModelSummary, 'name'>[],
  remembered: string | null,
  workspaceDefault: string | null,
): string | null {
  const known = (name: string | null) => name !== null && models.some((model) => model.name === name);
  if (known(remembered)) return remembered;
  if (known(workspaceDefault)) return workspaceDefault;
  return models[0]?.name ?? null;
}

export type ModelSelectionState = {
  models: Remote<ModelSummary[]>;
  /** The chosen model, null until the list is loaded or while the workspace has none. */
  model: string | null;
  /** Reads the registered models and settles the choice (see `pickModel`). */
  load(): Promise<void>;
  /** The user's choice: shown by every view and remembered. */
  choose(model: string): void;
  /** A finished job may have registered a new model: the list follows. */
  attach(): () => void;
};

function read(storage: ChoiceStorage | null): string | null {
  try {
    return storage?.getItem(MODEL_CHOICE_KEY) ?? null;
  } catch {
    // Storage can be refused (a private window, a file:// page): the choice then lasts the session.
    return null;
  }
}

function write(storage: ChoiceStorage | null, model: string): void {
  try {
    storage?.setItem(MODEL_CHOICE_KEY, model);
  } catch {
    // See read(): nothing to remember with, nothing lost but the memory.
  }
}

export function createModelSelectionStore(client: PodiumClient, storage: ChoiceStorage | null) {
  let loads = 0;
  return createStore<ModelSelectionState>()((set, get) => ({
    models: idle(),
    model: null,
    async load() {
      const mine = ++loads;
      set({ models: loading(get().models) });
      const result = await client.sendCatch('registry.models', {});
      if (mine !== loads) return;
      const models = settle(get().models, result);
      const list = models.data ?? [];
      const remembered = get().model ?? read(storage);
      let workspaceDefault: string | null = null;
      // Only a workspace with several models and no usable choice needs its default asked for.
      if (list.length > 1 && pickModel(list, remembered, null) !== remembered) {
        const status = await client.sendCatch('status.get', {});
        if (mine !== loads) return;
        workspaceDefault = status.data?.model ?? null;
      }
      set({ models, model: pickModel(list, get().model ?? remembered, workspaceDefault) });
    },
    choose(model) {
      write(storage, model);
      set({ model });
    },
    attach() {
      return client.listen('job.done', () => {
        if (get().models.data !== null) void get().load();
      });
    },
  }));
}

export type ModelSelectionStore = ReturnType<typeof createModelSelectionStore>;
