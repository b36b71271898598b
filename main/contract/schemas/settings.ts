/** Schemas of the Settings view: the layered config, its validation and diagnostics (../settings.ts). */
import { z } from 'zod';
import { EmptyInputSchema } from './common.js';

/** A leaf of the config: every setting is a string, a number, a flag or a list of strings. */
export const ConfigValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const ConfigEntrySchema = z.strictObject({
  /** Dotted key, e.g. `champion_challenger.champion_threshold`. */
  key: z.string(),
  /** Redacted for secrets (`***`). */
  value: ConfigValueSchema,
  secret: z.boolean(),
  /** Where the value came from: the base file, `env:PODIUM_…`, or the local file. */
  source: z.string(),
  layer: z.enum(['base', 'env', 'local', 'default']),
});

export const ConfigViewSchema = z.strictObject({
  entries: z.array(ConfigEntrySchema),
  files: z.strictObject({ base: z.string(), local: z.string().nullable() }),
  /** The file settings.save writes. */
  editableFile: z.string(),
  /** Its current text ('' when it does not exist yet); secrets in it are shown redacted. */
  editableYaml: z.string(),
});

export const ConfigIssueSchema = z.strictObject({
  key: z.string(),
  message: z.string(),
  line: z.number().optional(),
});

export const DiagnosticSchema = z.strictObject({
  name: z.string(),
  status: z.enum(['ok', 'warning', 'failed']),
  detail: z.string(),
});

export const RestartNeededSchema = z.strictObject({
  key: z.string(),
  /** Why the new value waits: what binds it at start. */
  reason: z.string(),
});

/** Inputs of the operations served by main/app/settings-handlers.ts. */
export const settingsOperationSchemas = {
  'settings.config': { input: EmptyInputSchema, output: ConfigViewSchema },
  'settings.validate': {
    input: z.strictObject({ yaml: z.string() }),
    output: z.strictObject({ valid: z.boolean(), issues: z.array(ConfigIssueSchema) }),
  },
  /**
   * Validates and writes config.local.yaml, then reloads the running session's config; a secret
   * key is refused (set it by env variable). Nothing is written or applied when a key is invalid.
   */
  'settings.save': {
    input: z.strictObject({ yaml: z.string() }),
    output: z.strictObject({
      file: z.string(),
      /** Every key the saved file sets. */
      keys: z.array(z.string()),
      /** Keys whose value changed and that the running session uses from now on. */
      applied: z.array(z.string()),
      /** Keys whose value changed but that the session keeps as it started until the app restarts. */
      restartNeeded: z.array(RestartNeededSchema),
    }),
  },
  'settings.diagnostics': {
    input: EmptyInputSchema,
    output: z.strictObject({ checks: z.array(DiagnosticSchema) }),
  },
};
