export {
  type ConfigSources,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  PACKAGE_ROOT,
  redactConfig,
  redactSecretValues,
} from './load.js';
export { type ConfigChange, restartKeys, restartReason, takeUpConfig } from './restart-keys.js';
export { configSchema, type MetricName, type PodiumConfig, SECRET_KEYS } from './schema.js';
