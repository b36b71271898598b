/** Schemas of the Settings view: the layered config, its validation and diagnostics (../settings.ts). */
import { z } from 'zod';
import type {
  ConfigEntry,
  ConfigIssue,
  ConfigValue,
  ConfigView,
  Diagnostic,
  SettingsOperations,
} from '../settings.js';
import { EmptyInputSchema } from './common.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const ConfigValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const ConfigEntrySchema = z.strictObject({
  key: z.string(),
  value: ConfigValueSchema,
  secret: z.boolean(),
  source: z.string(),
  layer: z.enum(['base', 'env', 'local', 'default']),
});

export const ConfigViewSchema = z.strictObject({
  entries: z.array(ConfigEntrySchema),
  files: z.strictObject({ base: z.string(), local: z.string().nullable() }),
  editableFile: z.string(),
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

/** Inputs of the operations served by main/app/settings-handlers.ts. */
export const settingsOperationSchemas = {
  'settings.config': { input: EmptyInputSchema, output: ConfigViewSchema },
  'settings.validate': {
    input: z.strictObject({ yaml: z.string() }),
    output: z.strictObject({ valid: z.boolean(), issues: z.array(ConfigIssueSchema) }),
  },
  'settings.save': {
    input: z.strictObject({ yaml: z.string() }),
    output: z.strictObject({ file: z.string(), keys: z.array(z.string()) }),
  },
  'settings.diagnostics': {
    input: EmptyInputSchema,
    output: z.strictObject({ checks: z.array(DiagnosticSchema) }),
  },
};

export type SettingsTypeChecks = [
  Assert<Equal<z.infer<typeof ConfigValueSchema>, ConfigValue>>,
  Assert<Equal<z.infer<typeof ConfigEntrySchema>, ConfigEntry>>,
  Assert<Equal<z.infer<typeof ConfigViewSchema>, ConfigView>>,
  Assert<Equal<z.infer<typeof ConfigIssueSchema>, ConfigIssue>>,
  Assert<Equal<z.infer<typeof DiagnosticSchema>, Diagnostic>>,
  NoneOf<OperationMismatches<SettingsOperations, typeof settingsOperationSchemas>>,
];
