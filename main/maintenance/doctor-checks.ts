import type { Dirent, Stats } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathExists, TEMP_MARKER } from '../common/files.js';
import type { DoctorFinding, DoctorFindingCheck } from '../contract/index.js';
import { foreignKeyProblems, integrityProblems } from '../db/index.js';
import { type ModelVersion, packageState, type VersionStore } from '../registry/index.js';
import type { RunStore } from '../tracking/index.js';
import type { Workspace } from '../workspace/index.js';
import { maintenancePaths, RESTORE_SNAPSHOT_PREFIX } from './layout.js';

// One definition, in the contract the operations return.
export type Finding = DoctorFinding;
export type FindingCheck = DoctorFindingCheck;

/** A finding and, when it can be fixed safely, the one step that fixes it. */
export type Candidate = { finding: Finding; fix?: () => Promise<void>; runId?: string };

export type CheckContext = {
  workspace: Workspace;
  versions: VersionStore;
  runs: RunStore;
  /** Files younger than this may belong to a write in progress and are left alone. */
  minAgeMs: number;
  staleRunAfterMs: number;
  /** Where quarantined folders go in this run: `<workspace>/quarantine/<timestamp>/`. */
  quarantineDir: string;
  /**
   * Where a registered path lies in this workspace: itself, or for a path left by a workspace
   * moved before its paths were relative, the same file here that the path check re-roots it to.
   */
  relocate: (path: string) => string;
};

const ACTOR = 'podium doctor';

export function finding(
  check: FindingCheck,
  what: string,
  where: string,
  options: { severity?: Finding['severity']; action?: string | null } = {},
): Finding {
  const action = options.action ?? null;
  return {
    check,
    severity: options.severity ?? 'problem',
    what,
    where,
    repairable: action !== null,
    repaired: false,
    action,
    repairError: null,
  };
}

/** (e) SQLite's own checks; nothing here is repaired automatically. */
export function checkDatabase(context: Pick<CheckContext, 'workspace'>): Candidate[] {
  const { db, paths } = context.workspace;
  const where = relative(paths.root, paths.database);
  const candidates: Candidate[] = integrityProblems(db)
    .slice(0, 20)
    .map((problem) => ({ finding: finding('database', `integrity check: ${problem}`, where) }));
  const foreign = foreignKeyProblems(db);
  for (const row of foreign.slice(0, 20)) {
    candidates.push({
      finding: finding(
        'database',
        `row ${row.rowid} of ${row.table} refers to a missing row in ${row.parent}`,
        where,
      ),
    });
  }
  return candidates;
}

/** (a) At most one champion per model, and the index that makes the database enforce it. */
export function checkChampions(context: CheckContext): Candidate[] {
  const duplicates = context.versions.championConflicts();
  const candidates: Candidate[] = duplicates.map((row) => ({
    finding: finding(
      'champion',
      `model has several champions (versions ${row.versions}); choose one with podium promote`,
      row.modelName,
    ),
  }));
  if (!context.versions.enforcesOneChampion()) {
    candidates.push({
      finding: finding(
        'champion',
        'the index that allows one champion per model is missing',
        'one_champion_per_model',
        { action: duplicates.length === 0 ? 'recreate the index' : null },
      ),
      fix:
        duplicates.length === 0
          ? async () => {
              context.versions.restoreOneChampionRule();
            }
          : undefined,
    });
  }
  return candidates;
}

/**
 * (b) Every registered version's package is present and unchanged. A broken package of a live
 * version is archived (its row and history stay); an archived one is only noted.
 */
export async function checkPackages(context: CheckContext): Promise<Candidate[]> {
  const { paths } = context.workspace;
  const candidates: Candidate[] = [];
  for (const version of context.versions.list()) {
    const packagePath = context.relocate(version.packagePath);
    const where = `${version.modelName} v${version.version} (${shown(paths.root, packagePath)})`;
    const expected = join(paths.models, version.modelName, `v${version.version}`);
    let what: string | null = null;
    const state = await packageState(packagePath, version.packageSha256);
    if (state === 'missing') {
      if (resolve(packagePath) !== expected && (await pathExists(expected))) {
        candidates.push({
          finding: finding(
            'package',
            `registered package path points outside this workspace (moved?); a package exists at ${shown(paths.root, expected)}`,
            where,
          ),
        });
        continue;
      }
      what = 'package folder is missing';
    } else if (state === 'changed') {
      what = 'package files changed since registration (hash differs)';
    }
    if (what === null) continue;
    candidates.push(brokenPackage(context, version, what, where));
  }
  return candidates;
}

function brokenPackage(context: CheckContext, version: ModelVersion, what: string, where: string): Candidate {
  if (version.stage === 'archived') {
    return {
      finding: finding('package', `${what}; the version is archived and kept as a record`, where, {
        severity: 'notice',
      }),
    };
  }
  const wasChampion = version.stage === 'champion';
  const action = wasChampion
    ? `archive v${version.version}; ${version.modelName} then has no champion until you promote a healthy version`
    : `archive v${version.version} (was ${version.stage})`;
  return {
    finding: finding('package', wasChampion ? `champion's ${what}` : what, where, { action }),
    fix: async () => {
      context.versions.setStage(version.id, 'archived', {
        actor: ACTOR,
        reason: `${what}: ${version.packagePath}`,
      });
    },
  };
}

/**
 * (c) Folders under models/ with no version row (a crash between writing the package and
 * registering it), and run folders whose run row is gone. They are moved to quarantine, never
 * deleted: they may be the only copy of something a user wants.
 */
export async function checkOrphans(context: CheckContext): Promise<Candidate[]> {
  const { paths } = context.workspace;
  const registered = new Set(context.versions.list().map((v) => resolve(context.relocate(v.packagePath))));
  const candidates: Candidate[] = [];
  for (const model of await entries(paths.models)) {
    if (model.startsWith(TEMP_MARKER)) continue;
    const modelDir = join(paths.models, model);
    const info = await lstatIfPresent(modelDir);
    if (info === null) continue; // removed while we looked: nothing left to report
    if (!info.isDirectory()) {
      candidates.push(await orphan(context, modelDir, 'a stray file among model folders'));
      continue;
    }
    for (const name of await entries(modelDir)) {
      if (name.startsWith(TEMP_MARKER)) continue;
      const path = join(modelDir, name);
      if (registered.has(resolve(path))) continue;
      candidates.push(await orphan(context, path, 'package folder with no registered version'));
    }
  }
  const runIds = new Set(context.runs.ids());
  for (const name of await entries(paths.runs)) {
    if (name.startsWith(TEMP_MARKER) || runIds.has(name)) continue;
    candidates.push(await orphan(context, join(paths.runs, name), 'run folder with no run record'));
  }
  return candidates;
}

async function orphan(context: CheckContext, path: string, what: string): Promise<Candidate> {
  const root = context.workspace.paths.root;
  const where = shown(root, path);
  if (await isRecent(path, context.minAgeMs)) {
    return {
      finding: finding('orphan', `${what}, written moments ago (probably still being registered)`, where, {
        severity: 'notice',
      }),
    };
  }
  const target = join(context.quarantineDir, relative(root, path));
  return {
    finding: finding('orphan', what, where, { action: `move to ${shown(root, target)}` }),
    fix: async () => {
      await mkdir(dirname(target), { recursive: true });
      await rename(path, target);
    },
  };
}

/** (d) Runs still marked running long after their last sign of life: the process that ran them died. */
export function staleRuns(context: CheckContext): Candidate[] {
  const rows = context.runs.running();
  const now = context.workspace.clock.now().getTime();
  return rows
    .filter((row) => now - Date.parse(row.lastSeen) > context.staleRunAfterMs)
    .map((row) => ({
      runId: row.id,
      finding: finding(
        'run',
        `run "${row.name}" is marked running but has shown no activity since ${row.lastSeen}`,
        row.artifactDir ? shown(context.workspace.paths.root, row.artifactDir) : `run ${row.id}`,
        { action: 'mark the run failed (abandoned); retention cleanup then removes its folder' },
      ),
      fix: async () => {
        context.runs.end(
          row.id,
          'failed',
          'abandoned: the process stopped before the run finished (podium doctor)',
        );
      },
    }));
}

/**
 * (d) Leftovers of atomic writes and package staging (`.podium-tmp-*`). One inside the folder of
 * a run that is still running is in use; a very recent one may be a write in progress.
 */
export async function checkTempFiles(
  context: CheckContext,
  abandonedRuns: Set<string>,
): Promise<Candidate[]> {
  const { paths } = context.workspace;
  const running = new Set(
    context.runs
      .running()
      .map((run) => run.id)
      .filter((id) => !abandonedRuns.has(id)),
  );
  const { quarantine, backups } = maintenancePaths(paths.root);
  const skip = (path: string, name: string) =>
    path === quarantine || (dirname(path) === backups && name.startsWith(RESTORE_SNAPSHOT_PREFIX));
  const candidates: Candidate[] = [];
  for (const path of await findTemps(paths.root, skip)) {
    const where = shown(paths.root, path);
    const runId = relative(paths.runs, path).split(/[\\/]/)[0];
    if (!relative(paths.runs, path).startsWith('..') && running.has(runId)) {
      candidates.push({
        finding: finding('temp', `staging folder of run ${runId}, which is still running`, where, {
          severity: 'notice',
        }),
      });
    } else if (await isRecent(path, context.minAgeMs)) {
      candidates.push({
        finding: finding('temp', 'temporary file written moments ago (a write in progress?)', where, {
          severity: 'notice',
        }),
      });
    } else {
      candidates.push({
        finding: finding('temp', 'temporary file left by an interrupted write', where, { action: 'remove' }),
        fix: () => rm(path, { recursive: true, force: true }),
      });
    }
  }
  return candidates;
}

/**
 * Temporary entries under `dir`, not descending into them, nor into quarantine or the
 * snapshots restore keeps (their leftovers belong to the state they preserve).
 */
async function findTemps(dir: string, skip: (path: string, name: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  let list: Dirent[];
  try {
    list = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of list) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(TEMP_MARKER)) found.push(path);
    else if (entry.isDirectory() && !skip(path, entry.name)) found.push(...(await findTemps(path, skip)));
  }
  return found;
}

/**
 * Whether anything under `path` changed within `minAgeMs`. An entry that vanishes while it is
 * looked at was being written or renamed by a live process (an atomic write's temp file), so it
 * counts as recent: the doctor runs beside the app and must not fail on work in progress.
 */
async function isRecent(path: string, minAgeMs: number): Promise<boolean> {
  if (minAgeMs <= 0) return false;
  const newest = await newestMtime(path);
  return newest === null || Date.now() - newest < minAgeMs;
}

async function newestMtime(path: string): Promise<number | null> {
  const info = await lstatIfPresent(path);
  if (info === null) return null;
  let newest = info.mtimeMs;
  if (info.isDirectory()) {
    for (const name of await entries(path)) {
      const inner = await newestMtime(join(path, name));
      if (inner === null) return null;
      newest = Math.max(newest, inner);
    }
  }
  return newest;
}

async function lstatIfPresent(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

export function shown(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') ? path : inside;
}
