import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Repositories } from '../../main/app/repositories.js';
import { writeSampleData } from '../../main/data/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import type { ModelVersion } from '../../main/registry/index.js';
import type { Workspace } from '../../main/workspace/index.js';
import { storesOf } from './stores.js';
import { type FakeClock, fakeClock, tempWorkspace } from './workspace.js';

export type TrainedWorkspace = {
  workspace: Workspace & { cleanup(): void };
  /** The workspace's stores, built once as the API builds them; the manager is given its share. */
  stores: Repositories;
  manager: ChampionChallengerManager;
  clock: FakeClock;
  champion: ModelVersion;
  /** Trained on drifted data and registered as a challenger (not yet evaluated). */
  challenger: ModelVersion;
  baselineFile: string;
  driftFile: string;
};

/**
 * A workspace with a linear champion trained on baseline data and a linear challenger trained
 * on drifted data: the real training path, kept small so serving tests start in seconds.
 */
export async function trainedWorkspace(
  options: {
    samples?: number;
    configure?: NonNullable<Parameters<typeof tempWorkspace>[0]>['configure'];
  } = {},
): Promise<TrainedWorkspace> {
  const clock = fakeClock();
  const workspace = tempWorkspace({
    clock,
    configure: (config) => {
      // Test files run in parallel: each takes its own port range for model services.
      config.serving.service_port_start = 20_000 + Math.floor(Math.random() * 30_000);
      options.configure?.(config);
    },
  });
  const stores = storesOf(workspace);
  const manager = new ChampionChallengerManager(workspace, stores);
  const dataDir = join(workspace.paths.root, 'raw');
  const samples = options.samples ?? 3000;
  const baselineFile = await writeSampleData({ samples, drift: false, seed: 42, outputDir: dataDir });
  const driftFile = await writeSampleData({ samples, drift: true, seed: 42, outputDir: dataDir });
  const first = await manager.trainChallenger(baselineFile, { modelType: 'linear', autoEvaluate: true });
  const second = await manager.trainChallenger(driftFile, { modelType: 'linear' });
  return {
    workspace,
    stores,
    manager,
    clock,
    champion: first.version,
    challenger: second.version,
    baselineFile,
    driftFile,
  };
}

/** The first row of the baseline data as a client would send it: numbers as numbers, no target. */
export function firstBaselineRecord(
  trained: Pick<TrainedWorkspace, 'baselineFile'>,
): Record<string, unknown> {
  return recordsFromCsv(trained.baselineFile, 1)[0];
}

/** The first `limit` rows of a data file as a client would send them: numbers as numbers, no target. */
export function recordsFromCsv(file: string, limit: number): Record<string, unknown>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.slice(0, limit).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      names
        .map((name, i) => [name, cells[i]] as const)
        .filter(([name]) => name !== 'target')
        .map(([name, value]) => [
          name,
          value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value || null,
        ]),
    );
  });
}
