/** A leaf of the config: every setting is a string, a number, a flag or a list of strings. */
export type ConfigValue = string | number | boolean | string[];

export type ConfigEntry = {
  /** Dotted key, e.g. `champion_challenger.champion_threshold`. */
  key: string;
  /** Redacted for secrets (`***`). */
  value: ConfigValue;
  secret: boolean;
  /** Where the value came from: the base file, `env:PODIUM_…`, or the local file. */
  source: string;
  layer: 'base' | 'env' | 'local' | 'default';
};

export type ConfigView = {
  entries: ConfigEntry[];
  files: { base: string; local: string | null };
  /** The file settings.save writes. */
  editableFile: string;
  /** Its current text ('' when it does not exist yet); secrets in it are shown redacted. */
  editableYaml: string;
};

export type ConfigIssue = { key: string; message: string; line?: number };

export type Diagnostic = { name: string; status: 'ok' | 'warning' | 'failed'; detail: string };

export type SettingsOperations = {
  'settings.config': { input: Record<string, never>; output: ConfigView };
  'settings.validate': { input: { yaml: string }; output: { valid: boolean; issues: ConfigIssue[] } };
  /** Validates and writes config.local.yaml; a secret key is refused (set it by env variable). */
  'settings.save': { input: { yaml: string }; output: { file: string; keys: string[] } };
  'settings.diagnostics': { input: Record<string, never>; output: { checks: Diagnostic[] } };
};
