import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../main/common/clock.js';
import { type LoadedConfig, loadConfig } from '../../main/config/index.js';
import { openWorkspace, type Workspace } from '../../main/workspace/index.js';

export type FakeClock = Clock & { advance(ms: number): void; set(date: Date): void };

export function fakeClock(start = new Date('2026-01-01T00:00:00Z')): FakeClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (date) => {
      now = date.getTime();
    },
  };
}

export function tempDir(prefix = 'podium-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The model the sample (credit-risk) data trains, named in the test config as a user's config would name it. */
export const SAMPLE_MODEL = 'credit-risk';

/**
 * Committed defaults only (no environment, no config.local.yaml from the developer's machine),
 * but for `training.model_name`: the sample data's model, so every training of a test goes to
 * one model whatever its file is called. Tests of the naming itself set it back to ''.
 */
export function defaultConfig(overrides: (config: LoadedConfig['config']) => void = () => {}): LoadedConfig {
  const loaded = loadConfig({ env: {}, localFile: null });
  loaded.config.training.model_name = SAMPLE_MODEL;
  overrides(loaded.config);
  return loaded;
}

export function tempWorkspace(
  options: { clock?: Clock; configure?: (config: LoadedConfig['config']) => void } = {},
): Workspace & { cleanup(): void } {
  const dir = tempDir('podium-ws-');
  const workspace = openWorkspace(dir, {
    config: defaultConfig(options.configure),
    clock: options.clock ?? fakeClock(),
  });
  // Added to the workspace itself: a spread copy would freeze its config getter at today's value.
  return Object.assign(workspace, {
    cleanup: () => {
      workspace.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
