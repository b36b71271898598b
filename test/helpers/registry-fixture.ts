import { DatasetStore, DEFAULT_CSV_DIALECT } from '../../main/data/index.js';
import { type ModelVersion, VersionStore } from '../../main/registry/index.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { TrafficStore } from '../../main/serving/traffic-store.js';
import { RunStore } from '../../main/tracking/index.js';
import type { Task } from '../../main/training/types.js';
import { type FakeClock, tempWorkspace } from './workspace.js';

const DATASET_ID = 'd'.repeat(64);

/**
 * A workspace with registry rows but no trained packages: for monitoring code that reads the
 * prediction log, feedback and version metrics and never loads a model.
 */
export function registryFixture(clock: FakeClock) {
  const workspace = tempWorkspace({ clock });
  const { db } = workspace;
  const versions = new VersionStore(db, clock, workspace.paths.root);
  const runs = new RunStore(db, clock, workspace.paths.root);
  new DatasetStore(db, clock, workspace.paths.root).record({
    id: DATASET_ID,
    path: '/tmp/none.csv',
    sourceName: 'none.csv',
    bytes: 1,
    profile: { rows: 1, columns: [] },
    dialect: DEFAULT_CSV_DIALECT,
  });
  const register = (
    model: string,
    task: Task,
    version: number,
    metrics: Record<string, number> = {},
  ): ModelVersion => {
    versions.ensureModel(model, task, 'target');
    return versions.insert(
      {
        modelName: model,
        version,
        runId: runs.start({ experiment: 'e', name: `${model} v${version}` }),
        datasetId: DATASET_ID,
        modelType: 'linear',
        packagePath: `/tmp/${model}/v${version}`,
        packageSha256: 'x',
        metrics,
      },
      { actor: 'test', reason: 'fixture' },
    );
  };
  /** What the live-performance reads take: the log as read back, and the versions. */
  const stores = { traffic: new TrafficStore(db), versions };
  return { workspace, db, versions, runs, stores, log: new PredictionLog(db, clock), register };
}
