import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { systemClock } from '../common/clock.js';
import { listFilesRecursive, pathExists } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import { DatasetStore } from '../data/index.js';
import { type Db, openExistingDatabase } from '../db/index.js';
import { VersionStore } from '../registry/index.js';
import { type EnvironmentName, workspacePaths } from '../workspace/index.js';
import { BACKUP_DATABASE } from './backup.js';
import { maintenancePaths, RESTORE_SNAPSHOT_PREFIX } from './layout.js';
import { withRetry } from './retry-hint.js';
import { recordedEnvironment, verifyStagedState } from './staged-state.js';
import { PREVIOUS_STATE_NOTE, type PreviousStateNote, swapIn } from './state-swap.js';

/** A workspace state a restore (or an undo) replaced, kept under `backups/before-restore-<time>/`. */
export type PreviousState = {
  name: string;
  path: string;
  /** When it was replaced. */
  replaced_at: string;
  /** The command that replaced it, when it was recorded. */
  replaced_by: string | null;
  /** What it held; null where its database could not be read (`problem` says why). */
  versions: number | null;
  datasets: number | null;
  environment: EnvironmentName | null;
  problem: string | null;
};

export type UndoReport = {
  workspace: string;
  /** The kept state now in place again. */
  restored: string;
  replaced_at: string;
  versions: number;
  /** Where the state the undo replaced was kept: undoing is itself undoable. */
  previous_state: string;
  notices: string[];
};

/** The states earlier restores replaced in this workspace, newest first; none is changed. */
export async function listPreviousStates(workspaceDir: string): Promise<PreviousState[]> {
  const { backups } = maintenancePaths(workspacePaths(workspaceDir).root);
  const names = (await readdir(backups, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(RESTORE_SNAPSHOT_PREFIX))
    .map((entry) => entry.name);
  const states = await Promise.all(names.map((name) => describe(join(backups, name))));
  return states.sort(
    (a, b) =>
      b.replaced_at.localeCompare(a.replaced_at) || b.name.localeCompare(a.name, 'en', { numeric: true }),
  );
}

async function describe(path: string): Promise<PreviousState> {
  const note = await readNote(path);
  const held = readHeld(path);
  return {
    name: basename(path),
    path,
    replaced_at: note?.replaced_at ?? (await stat(path)).mtime.toISOString(),
    replaced_by: note?.replaced_by ?? null,
    ...held,
  };
}

async function readNote(path: string): Promise<PreviousStateNote | null> {
  try {
    const note = JSON.parse(await readFile(join(path, PREVIOUS_STATE_NOTE), 'utf8')) as PreviousStateNote;
    return typeof note.replaced_at === 'string' ? note : null;
  } catch {
    // Kept by a Podium that wrote no note, or the note is damaged: the folder's time stands in.
    return null;
  }
}

/**
 * Reads what a kept state holds. Not a read-only connection: that would leave new WAL files
 * beside the database, where a connection that may write removes them again on close (folding
 * any left over from a crash into the file, which leaves its content as it was).
 */
function readHeld(path: string): Pick<PreviousState, 'versions' | 'datasets' | 'environment' | 'problem'> {
  const unknown = { versions: null, datasets: null, environment: null };
  const file = join(path, BACKUP_DATABASE);
  if (!existsSync(file))
    return { ...unknown, problem: `no ${BACKUP_DATABASE} (the workspace was empty before that restore)` };
  let db: Db;
  try {
    db = openExistingDatabase(file);
  } catch (error) {
    return { ...unknown, problem: `its database cannot be opened (${(error as Error).message})` };
  }
  try {
    return {
      versions: new VersionStore(db, systemClock, path).count(),
      datasets: new DatasetStore(db, systemClock, path).snapshotFiles().length,
      environment: recordedEnvironment(db),
      problem: null,
    };
  } catch (error) {
    return { ...unknown, problem: `its database cannot be read (${(error as Error).message})` };
  } finally {
    db.close();
  }
}

/**
 * Puts back a state an earlier restore replaced (the newest, or the one named), through the same
 * checks and swap as a restore: the kept state is verified where it lies (database, environment,
 * packages and datasets against their hashes), then swapped in, and the state it replaces is
 * kept in turn, so an undo can itself be undone. A refusal changes nothing.
 */
export async function undoRestore(
  workspaceDir: string,
  options: { name?: string; now?: Date; environment?: EnvironmentName } = {},
): Promise<UndoReport> {
  const root = workspacePaths(workspaceDir).root;
  const states = await listPreviousStates(root);
  if (states.length === 0)
    throw new PodiumError(
      'NOT_FOUND',
      `Nothing to undo: ${root} holds no state replaced by a restore (backups/${RESTORE_SNAPSHOT_PREFIX}*). To go back to a backup, run podium restore <backup.tgz>.`,
      { workspace: root },
    );
  const chosen =
    options.name === undefined ? states[0] : states.find((s) => s.name === basename(options.name!));
  if (chosen === undefined)
    throw new PodiumError(
      'NOT_FOUND',
      `No state named "${options.name}" under ${join(root, 'backups')}; the ones kept are ${states.map((s) => s.name).join(', ')} (podium restore --list-previous describes them).`,
      { name: options.name, available: states.map((s) => s.name) },
    );
  const retry = `Pick another state with podium restore --undo <name> (podium restore --list-previous lists them), or restore a backup with podium restore <backup.tgz>.`;
  const state = await withRetry(retry, async () => {
    if (!(await pathExists(join(chosen.path, BACKUP_DATABASE))))
      throw new PodiumError(
        'NOT_FOUND',
        `${chosen.path} holds no ${BACKUP_DATABASE} (the workspace was empty before the restore that replaced it), so there is nothing to put back`,
        { source: chosen.path },
      );
    return verifyStagedState({
      label: chosen.path,
      kind: 'previous state',
      staging: chosen.path,
      root,
      recordedRoots: [root],
      environment: options.environment,
    });
  });
  const notices = [...state.notices];
  const previous = await swapIn(root, chosen.path, {
    now: options.now ?? new Date(),
    replacedBy: `podium restore --undo ${chosen.name}`,
    retry: `Once the cause is fixed, run podium restore --undo ${chosen.name} again.`,
  });
  // What is left of the kept state is its note and empty folders: it is live again. Anything
  // else found there (put there by hand) is left for the user rather than deleted.
  await rm(join(chosen.path, PREVIOUS_STATE_NOTE), { force: true });
  const leftovers = await listFilesRecursive(chosen.path).catch(() => []);
  if (leftovers.length === 0)
    await rm(chosen.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  else
    notices.push(
      `${chosen.path} still holds ${leftovers.length} file(s) the undo did not move (${leftovers.slice(0, 3).join(', ')}); they were left as they are`,
    );
  return {
    workspace: root,
    restored: chosen.name,
    replaced_at: chosen.replaced_at,
    versions: state.versions,
    previous_state: previous,
    notices,
  };
}
