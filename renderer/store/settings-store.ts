import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  ConfigIssue,
  ConfigView,
  Diagnostic,
  EnvironmentInfo,
  PodiumClient,
  RestartNeeded,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type Validation =
  | { state: 'unchanged' }
  | { state: 'unchecked' }
  | { state: 'checking'; revision: number }
  | { state: 'valid' }
  | { state: 'invalid'; issues: ConfigIssue[] }
  | { state: 'error'; error: PodiumErrorData };

/** An answer to an older draft is dropped: only the text on screen gets a verdict. */
export function applyValidation(
  current: { revision: number; validation: Validation },
  revision: number,
  result: { data?: { valid: boolean; issues: ConfigIssue[] }; error?: PodiumErrorData },
): Validation {
  if (current.revision !== revision) return current.validation;
  if (result.error !== undefined) return { state: 'error', error: result.error };
  if (result.data === undefined) return current.validation;
  return result.data.valid ? { state: 'valid' } : { state: 'invalid', issues: result.data.issues };
}

export function canSave(validation: Validation): boolean {
  return validation.state === 'valid';
}

export type SettingsState = {
  config: Remote<ConfigView>;
  draft: string;
  revision: number;
  validation: Validation;
  saving: boolean;
  saveError: PodiumErrorData | null;
  savedMessage: string | null;
  /**
   * What the last save changed in the running session: applied now, or waiting for a restart.
   * Kept while the next draft is edited: a pending restart is still pending.
   */
  saved: { applied: string[]; restartNeeded: RestartNeeded[] } | null;
  diagnostics: Remote<{ checks: Diagnostic[] }>;
  environment: Remote<EnvironmentInfo>;
  load(): Promise<void>;
  edit(yaml: string): void;
  validate(): Promise<void>;
  save(): Promise<void>;
  runDiagnostics(): Promise<void>;
  loadEnvironment(): Promise<void>;
};

export function createSettingsStore(client: PodiumClient) {
  return createStore<SettingsState>()((set, get) => ({
    config: idle(),
    draft: '',
    revision: 0,
    validation: { state: 'unchanged' },
    saving: false,
    saveError: null,
    savedMessage: null,
    saved: null,
    diagnostics: idle(),
    environment: idle(),
    async load() {
      set({ config: loading(get().config) });
      const result = await client.sendCatch('settings.config', {});
      set({ config: settle(get().config, result) });
      if (result.data !== undefined && get().validation.state === 'unchanged')
        set({ draft: result.data.editableYaml });
    },
    edit(yaml) {
      set({
        draft: yaml,
        revision: get().revision + 1,
        validation: { state: 'unchecked' },
        savedMessage: null,
      });
    },
    async validate() {
      const { revision, draft } = get();
      set({ validation: { state: 'checking', revision } });
      const result = await client.sendCatch('settings.validate', { yaml: draft });
      set({ validation: applyValidation(get(), revision, result) });
    },
    async save() {
      set({ saving: true, saveError: null, savedMessage: null, saved: null });
      const result = await client.sendCatch('settings.save', { yaml: get().draft });
      if (result.error !== undefined) {
        set({ saving: false, saveError: result.error });
        return;
      }
      set({
        saving: false,
        validation: { state: 'unchanged' },
        savedMessage: `Saved ${result.data.keys.length} key${result.data.keys.length === 1 ? '' : 's'} to ${result.data.file}`,
        saved: { applied: result.data.applied, restartNeeded: result.data.restartNeeded },
      });
      await get().load();
    },
    async runDiagnostics() {
      set({ diagnostics: loading(get().diagnostics) });
      set({ diagnostics: settle(get().diagnostics, await client.sendCatch('settings.diagnostics', {})) });
    },
    async loadEnvironment() {
      set({ environment: loading(get().environment) });
      set({ environment: settle(get().environment, await client.sendCatch('environment.get', {})) });
    },
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
