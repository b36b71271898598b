/** The Settings view (the layered config, its validation, diagnostics): types of the schemas in ./schemas/settings.ts. */
import type { z } from 'zod';
import type { OperationsOf } from './schemas/operation-types.js';
import type {
  ConfigEntrySchema,
  ConfigIssueSchema,
  ConfigValueSchema,
  ConfigViewSchema,
  DiagnosticSchema,
  RestartNeededSchema,
  settingsOperationSchemas,
} from './schemas/settings.js';

export type ConfigValue = z.infer<typeof ConfigValueSchema>;
export type ConfigEntry = z.infer<typeof ConfigEntrySchema>;
export type ConfigView = z.infer<typeof ConfigViewSchema>;
export type ConfigIssue = z.infer<typeof ConfigIssueSchema>;
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
export type RestartNeeded = z.infer<typeof RestartNeededSchema>;
export type SettingsOperations = OperationsOf<typeof settingsOperationSchemas>;
