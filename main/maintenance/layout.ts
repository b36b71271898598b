import { join } from 'node:path';

/** Folders the safety commands add to a workspace, beside the ones `openWorkspace` creates. */
export function maintenancePaths(root: string): { quarantine: string; backups: string } {
  return { quarantine: join(root, 'quarantine'), backups: join(root, 'backups') };
}

/** `restore` keeps the state it replaced as `backups/before-restore-<timestamp>/`. */
export const RESTORE_SNAPSHOT_PREFIX = 'before-restore-';

/** A timestamp usable in a folder name on every platform. */
export function folderStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
