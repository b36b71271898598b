import { readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { type DatasetStore, snapshotIdOf } from '../data/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import { cleanExpiredRuns, type RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import { assertTrainingAllowed } from './approval-gate.js';
import type { ChampionChallengerManager } from './manager.js';
import type { ShadowTestStore } from './shadow-test-store.js';
import type { CycleReport, LifecycleProgress, TrainChallengerResult } from './types.js';

/**
 * Monitoring's say in a cycle, given by the caller so the lifecycle does not depend on it: a
 * look at each new file before training on it (drift), and a retraining trigger when there is
 * no new data (a performance drop).
 */
export type CycleChecks = {
  onNewData?: (file: string) => Promise<string | null>;
  retrainingTrigger?: () => Promise<{ file: string; reason: string } | null>;
};

export type CycleOptions = {
  dataPath?: string;
  dryRun?: boolean;
  modelName?: string;
  /** How the new data files are written, where the user said so (otherwise detected). */
  dialect?: CsvDialectOptions;
  onProgress?: (p: LifecycleProgress) => void;
  checks?: CycleChecks;
  /**
   * Why this cycle trains nothing (the scheduler in prod, which receives versions by release
   * only): it still completes shadow tests, checks new data and cleans up, and says why in its plan.
   */
  skipTraining?: string;
};

/**
 * One lifecycle cycle, in order: complete the shadow tests that have a verdict, train and
 * evaluate a challenger on each new data file, clean expired runs. A dry run says what it would
 * do from the same state and writes nothing.
 */
export async function runCycle(
  context: {
    manager: ChampionChallengerManager;
    workspace: Workspace;
    stores: { versions: VersionStore; shadowTests: ShadowTestStore; datasets: DatasetStore; runs: RunStore };
  },
  options: CycleOptions,
): Promise<CycleReport> {
  const { manager, workspace, stores } = context;
  // A cycle trains on new data; prod receives versions by release only (unless told to skip it).
  if (options.skipTraining === undefined) assertTrainingAllowed(workspace, 'cycle');
  const files = options.dataPath
    ? [resolve(options.dataPath)]
    : await newIncomingFiles(stores.datasets, workspace);
  // A name given here was resolved by the caller (it may be registered by this cycle's training).
  const modelName = options.modelName ?? modelRefs(stores.versions, workspace).forData(undefined, files[0]);
  const retention = workspace.config.tracking.run_retention_days;
  if (options.dryRun) {
    const plan: string[] = [];
    const champion = stores.versions.champion(modelName);
    const pending = stores.shadowTests.list(modelName, { openOnly: true });
    if (pending.length === 0) plan.push('No open shadow tests to check.');
    for (const test of pending) {
      const report = test.status === 'running' ? manager.shadow.report(test) : null;
      plan.push(
        report
          ? `Shadow test #${test.id} (v${test.challengerVersion} vs v${test.championVersion}): ${report.labelledPairs} labelled pairs, ${report.daysLeft.toFixed(1)} days left; verdict so far: ${report.verdictSoFar}${report.verdictSoFar === 'continue' ? '' : ' — the cycle would complete it'}.`
          : `Shadow test #${test.id} (v${test.challengerVersion} vs v${test.championVersion}) is pending: it starts when \`podium serve\` runs.`,
      );
    }
    if (options.skipTraining !== undefined) plan.push(trainingSkipped(options.skipTraining, files));
    else if (files.length === 0)
      plan.push(`No new data (looked in ${incomingDir(workspace)}): no challenger would be trained.`);
    for (const file of options.skipTraining === undefined ? files : []) {
      const hash = await snapshotIdOf(file, workspace.paths.datasets);
      const stored = stores.datasets.get(hash);
      plan.push(
        stored
          ? `${file} is already stored as dataset ${stored.id.slice(0, 12)}; a challenger would be trained on it again.`
          : `Ingest ${file} as a new dataset snapshot ${hash.slice(0, 12)}.`,
      );
      plan.push(`Train a challenger for ${modelName} (model type ${workspace.config.training.model_type}).`);
      plan.push(
        champion
          ? `Score it and champion v${champion.version} on the same held-out rows of this data and record keep_champion, start_shadow or promote with reasons.`
          : `${modelName} has no champion: the new version would become the first champion.`,
      );
    }
    const cleanup = await cleanExpiredRuns(stores.runs, workspace.clock, retention, {
      dryRun: true,
    });
    plan.push(
      `Remove ${cleanup.removedRuns.length} expired run(s) older than ${retention} days that no model uses.`,
    );
    return {
      dryRun: true,
      plan,
      trained: [],
      decisions: [],
      removedRuns: [],
      status: manager.getStatus(modelName),
    };
  }

  const shadowDecisions = manager.shadow.checkAll(modelName, 'cycle');
  const plan: string[] = [];
  for (const file of files) {
    const finding = await options.checks?.onNewData?.(file);
    if (finding) plan.push(finding);
  }
  if (options.skipTraining !== undefined) plan.push(trainingSkipped(options.skipTraining, files));
  else if (files.length === 0) {
    const trigger = await options.checks?.retrainingTrigger?.();
    if (trigger) {
      plan.push(trigger.reason);
      files.push(trigger.file);
    } else plan.push(`No new data in ${incomingDir(workspace)}: nothing to train.`);
  }
  const trained: TrainChallengerResult[] = [];
  for (const file of options.skipTraining === undefined ? files : []) {
    trained.push(
      await manager.trainChallenger(file, {
        modelName,
        autoEvaluate: true,
        dialect: options.dialect,
        onProgress: options.onProgress,
      }),
    );
  }
  const cleanup = await cleanExpiredRuns(stores.runs, workspace.clock, retention);
  return {
    dryRun: false,
    plan,
    trained,
    decisions: [...shadowDecisions, ...trained.flatMap((t) => (t.decision ? [t.decision] : []))],
    removedRuns: cleanup.removedRuns,
    status: manager.getStatus(modelName),
  };
}

function trainingSkipped(reason: string, files: string[]): string {
  const data =
    files.length === 0
      ? ''
      : ` (${files.length} new data file${files.length === 1 ? '' : 's'} left as they are)`;
  return `Training skipped${data}: ${reason}`;
}

function incomingDir(workspace: Workspace): string {
  return resolve(workspace.config.data.incoming_dir);
}

/** The data files a user may drop in the incoming folder. */
const INCOMING_EXTENSIONS = new Set(['.csv', '.parquet']);

/** CSV and Parquet files in the incoming folder whose snapshot is not yet a stored dataset. */
async function newIncomingFiles(datasets: DatasetStore, workspace: Workspace): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(incomingDir(workspace));
  } catch {
    return [];
  }
  const fresh: string[] = [];
  for (const name of names.sort()) {
    if (!INCOMING_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    const file = join(incomingDir(workspace), name);
    if (!datasets.get(await snapshotIdOf(file, workspace.paths.datasets))) fresh.push(file);
  }
  return fresh;
}
