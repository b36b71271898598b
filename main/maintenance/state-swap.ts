import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathExists, writeFileAtomic } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import { BACKUP_DATABASE, BACKUP_DATASETS, BACKUP_MODELS } from './backup.js';
import { folderStamp, maintenancePaths, RESTORE_SNAPSHOT_PREFIX } from './layout.js';

/** Written into each kept state: when it was replaced and by what, for `restore --list-previous`. */
export const PREVIOUS_STATE_NOTE = 'previous-state.json';

export type PreviousStateNote = { replaced_at: string; replaced_by: string };

/** What a workspace state is made of; the database's WAL files travel with it. */
const DATABASE_FILES = [BACKUP_DATABASE, `${BACKUP_DATABASE}-wal`, `${BACKUP_DATABASE}-shm`];
const FOLDERS = [BACKUP_MODELS, BACKUP_DATASETS];

/**
 * Moves the current database (with its WAL files), packages and datasets aside into a new
 * `backups/before-restore-<time>/`, then the staged ones into place. Each step is a rename inside
 * the workspace; on a failure the steps already taken are undone in reverse, so the workspace
 * ends either fully swapped or as it was. Returns the folder the replaced state was kept in.
 */
export async function swapIn(
  root: string,
  staging: string,
  options: { now: Date; replacedBy: string; retry: string },
): Promise<string> {
  const { backups } = maintenancePaths(root);
  let previous = join(backups, `${RESTORE_SNAPSHOT_PREFIX}${folderStamp(options.now)}`);
  for (let n = 2; await pathExists(previous); n++)
    previous = join(backups, `${RESTORE_SNAPSHOT_PREFIX}${folderStamp(options.now)}-${n}`);
  const done: { from: string; to: string }[] = [];
  const move = async (from: string, to: string) => {
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
    done.push({ from, to });
  };
  try {
    await mkdir(previous, { recursive: true });
    const note: PreviousStateNote = {
      replaced_at: options.now.toISOString(),
      replaced_by: options.replacedBy,
    };
    await writeFileAtomic(join(previous, PREVIOUS_STATE_NOTE), `${JSON.stringify(note, null, 2)}\n`);
    for (const name of [...DATABASE_FILES, ...FOLDERS]) {
      if (await pathExists(join(root, name))) await move(join(root, name), join(previous, name));
    }
    for (const name of DATABASE_FILES) {
      if (await pathExists(join(staging, name))) await move(join(staging, name), join(root, name));
    }
    for (const name of FOLDERS) {
      if (await pathExists(join(staging, name))) await move(join(staging, name), join(root, name));
      else await mkdir(join(root, name), { recursive: true });
    }
  } catch (error) {
    let undone = true;
    for (const step of done.reverse()) await rename(step.to, step.from).catch(() => (undone = false));
    // Only once everything is back is the half-made folder empty of anything but the note.
    if (undone) await rm(previous, { recursive: true, force: true }).catch(() => {});
    const reason = (error as Error).message;
    throw new PodiumError(
      'CONFLICT',
      undone
        ? `Restore failed while swapping files in (${reason}); the workspace was put back as it was. ${options.retry}`
        : `Restore failed while swapping files in (${reason}) and could not move everything back: what it replaced is in ${previous}. Stop whatever holds the workspace's files, then run podium restore --undo ${basename(previous)}.`,
      { reason, retry: options.retry, previous_state: undone ? null : previous },
    );
  }
  return previous;
}
