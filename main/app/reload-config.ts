import { type ConfigChange, loadConfig, type PodiumConfig, takeUpConfig } from '../config/index.js';
import { environmentConfig, type Workspace } from '../workspace/index.js';

export type ConfigLayers = {
  /** The committed config the session started from. */
  base: string;
  /** The local file, read again as it is now. */
  local: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** What the shell set over the files when the session started (fixed ports, say); set again. */
  overrides?: (config: PodiumConfig) => void;
};

/**
 * Reads the config again with the layers the session started with (files, environment,
 * overrides) and hands the running workspace what applies live; the rest keeps its startup value
 * and is reported as needing a restart.
 */
export function reloadConfig(workspace: Workspace, layers: ConfigLayers): ConfigChange {
  const loaded = loadConfig({
    baseFile: layers.base,
    localFile: layers.local,
    env: layers.env,
    cwd: layers.cwd,
  });
  layers.overrides?.(loaded.config);
  const change = takeUpConfig(workspace.config, environmentConfig(loaded.config, workspace.environment));
  // A value kept until restart keeps saying where it came from.
  const sources = { ...loaded.sources };
  for (const { key } of change.restartNeeded) {
    const source = workspace.configSources[key];
    if (source === undefined) delete sources[key];
    else sources[key] = source;
  }
  workspace.reconfigure(change.config, sources);
  return change;
}
