/**
 * Every operation's input and output schema in one table, keyed like `Operations`. The input
 * schemas are the only definition of each operation's input: `defineOperation` validates every
 * handler's raw input with them (the renderer may check a form with them too); the output schemas
 * are what tests check every answer against.
 */
import type { z } from 'zod';
import type { OperationInput, OperationName, OperationOutput } from '../index.js';
import { cycleOperationSchemas } from './cycle.js';
import { dataOperationSchemas } from './data.js';
import { deployOperationSchemas } from './deploy.js';
import { environmentOperationSchemas } from './environments.js';
import { lifecycleOperationSchemas } from './lifecycle.js';
import { lifecycleEventOperationSchemas } from './lifecycle-events.js';
import { lineageOperationSchemas } from './lineage.js';
import { maintenanceOperationSchemas } from './maintenance.js';
import { monitoringOperationSchemas } from './monitoring.js';
import { overviewOperationSchemas } from './overview.js';
import { predictionOperationSchemas } from './predictions.js';
import { registryOperationSchemas } from './registry.js';
import { rolloutOperationSchemas } from './rollout.js';
import { servingOperationSchemas } from './serving.js';
import { settingsOperationSchemas } from './settings.js';
import { trainingOperationSchemas } from './training.js';

export * from './common.js';
export * from './cycle.js';
export * from './data.js';
export * from './data-quality.js';
export * from './dataset-profile.js';
export * from './deploy.js';
export * from './environments.js';
export * from './events.js';
export * from './lifecycle.js';
export * from './lifecycle-events.js';
export * from './lineage.js';
export * from './maintenance.js';
export * from './monitor-report.js';
export * from './monitoring.js';
export * from './monitoring-alerts.js';
export * from './monitoring-jobs.js';
export type { OperationsOf, SchemaPair } from './operation-types.js';
export * from './overview.js';
export * from './performance-estimate.js';
export * from './predictions.js';
export * from './registry.js';
export * from './rollout.js';
export * from './serving.js';
export * from './settings.js';
export * from './training.js';

const table = {
  ...overviewOperationSchemas,
  ...dataOperationSchemas,
  ...trainingOperationSchemas,
  ...predictionOperationSchemas,
  ...registryOperationSchemas,
  ...rolloutOperationSchemas,
  ...lifecycleOperationSchemas,
  ...lifecycleEventOperationSchemas,
  ...servingOperationSchemas,
  ...monitoringOperationSchemas,
  ...settingsOperationSchemas,
  ...environmentOperationSchemas,
  ...lineageOperationSchemas,
  ...maintenanceOperationSchemas,
  ...cycleOperationSchemas,
  ...deployOperationSchemas,
};

/**
 * The contract's operation types are made from these tables (../index.ts: `Operations`), so
 * `operationSchemas[name].output.parse(x)` gives an `OperationOutput<typeof name>`.
 */
export const operationSchemas: {
  [K in OperationName]: { input: z.ZodType<OperationInput<K>>; output: z.ZodType<OperationOutput<K>> };
} = table;
