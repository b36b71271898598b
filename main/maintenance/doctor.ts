import { join } from 'node:path';
import type { DoctorReport } from '../contract/index.js';
import type { VersionStore } from '../registry/index.js';
import type { RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import {
  type Candidate,
  type CheckContext,
  checkChampions,
  checkDatabase,
  checkOrphans,
  checkPackages,
  checkTempFiles,
  staleRuns,
} from './doctor-checks.js';
import { checkColumnsFiles } from './doctor-columns.js';
import { checkStoredPaths } from './doctor-paths.js';
import { folderStamp, maintenancePaths } from './layout.js';
import type { StoredPathStore } from './stored-path-store.js';

export type { Finding, FindingCheck } from './doctor-checks.js';

export type DoctorOptions = {
  repair?: boolean;
  /** Younger temporary files and orphan folders may belong to a write in progress (default 15 min). */
  minAgeMs?: number;
  /** A run marked running with no activity for this long is abandoned (default 24 h). */
  staleRunAfterMs?: number;
};

// One definition, in the contract the operation returns.
export type { DoctorReport };

export const DEFAULT_MIN_AGE_MS = 15 * 60_000;
export const DEFAULT_STALE_RUN_AFTER_MS = 24 * 3_600_000;

/**
 * Checks the workspace's registry against its files and SQLite's own consistency checks; with
 * `repair`, fixes what is safe, one step (one transaction) at a time: removes leftovers of
 * interrupted writes, quarantines orphan folders, archives versions whose package is missing or
 * changed (the reason goes into the stage history), marks abandoned runs failed, and stores
 * absolute paths relative to the workspace, re-rooting those a moved workspace left behind. It never
 * deletes a version row or a folder a user could want back.
 */
export async function runDoctor(
  workspace: Workspace,
  stores: { versions: VersionStore; runs: RunStore; storedPaths: StoredPathStore },
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const repair = options.repair ?? false;
  const database = checkDatabase({ workspace });
  // Writing into a database that fails its own integrity check could make things worse.
  const databaseSound = database.length === 0;
  // Paths first: with --repair they are re-rooted before packages are checked at their place here,
  // and without it the other checks look where the repair would point them.
  const storedPaths = await checkStoredPaths(workspace.paths.root, stores.storedPaths);
  if (repair) {
    for (const candidate of storedPaths.candidates) await attemptFix(candidate, databaseSound);
  }
  const context: CheckContext = {
    workspace,
    versions: stores.versions,
    runs: stores.runs,
    minAgeMs: options.minAgeMs ?? DEFAULT_MIN_AGE_MS,
    staleRunAfterMs: options.staleRunAfterMs ?? DEFAULT_STALE_RUN_AFTER_MS,
    quarantineDir: join(
      maintenancePaths(workspace.paths.root).quarantine,
      folderStamp(workspace.clock.now()),
    ),
    // Repaired paths read back as the new ones; a path not (yet) re-rooted is looked for where it would be.
    relocate: (path) => storedPaths.relocated.get(path) ?? path,
  };
  const runs = staleRuns(context);
  const candidates: Candidate[] = [
    ...database,
    ...storedPaths.candidates,
    ...checkChampions(context),
    ...(await checkPackages(context)),
    ...(await checkOrphans(context)),
    ...(await checkColumnsFiles(context)),
    ...runs,
    ...(await checkTempFiles(context, new Set(runs.map((run) => run.runId ?? '')))),
  ];
  if (repair) {
    for (const candidate of candidates) {
      if (candidate.finding.check !== 'path') await attemptFix(candidate, databaseSound);
    }
  }
  const findings = candidates.map((candidate) => candidate.finding);
  const problems = findings.filter((f) => f.severity === 'problem');
  const repaired = problems.filter((f) => f.repaired).length;
  workspace.logger.info({ problems: problems.length, repaired, repair }, 'doctor finished');
  return {
    workspace: workspace.paths.root,
    repair,
    findings,
    problems: problems.length,
    repaired,
    remaining: problems.length - repaired,
  };
}

/** Runs one candidate's fix and records on its finding whether it worked. */
async function attemptFix(candidate: Candidate, databaseSound: boolean): Promise<void> {
  if (!candidate.fix) return;
  const writesDatabase = ['champion', 'package', 'run', 'path'].includes(candidate.finding.check);
  if (writesDatabase && !databaseSound) {
    candidate.finding.repairError = 'skipped: the database failed its integrity check';
    return;
  }
  try {
    await candidate.fix();
    candidate.finding.repaired = true;
  } catch (error) {
    candidate.finding.repairError = (error as Error).message;
  }
}
