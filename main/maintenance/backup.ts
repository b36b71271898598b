import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathExists, tempPathFor } from '../common/files.js';
import { podiumVersion } from '../common/versions.js';
import { PodiumError } from '../contract/errors.js';
import type { BackupReport } from '../contract/index.js';
import { COLUMNS_EXTENSION } from '../data/index.js';
import { appliedMigrations } from '../db/index.js';
import type { VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { type FileHashes, writeArchive } from './archive-writer.js';

/**
 * What a backup holds, as archive paths. The database (with the whole registry, runs, decisions
 * and history), every model package and every dataset snapshot: enough to serve, evaluate and
 * reproduce. Run folders (training scratch, each a copy of a candidate package) and logs are
 * left out; they are rebuilt or expire.
 */
export const BACKUP_DATABASE = 'podium.db';
export const BACKUP_MODELS = 'artifacts/models';
export const BACKUP_DATASETS = 'datasets';
export const BACKUP_MANIFEST = 'backup.json';

export type BackupManifest = {
  format: 'podium-backup/1';
  created_at: string;
  podium_version: string;
  /** Package and dataset paths in the database are absolute, under this folder. */
  workspace_root: string;
  migrations: { version: number; name: string; sha256: string }[];
  /** SHA-256 and size of every other entry in the archive. */
  files: FileHashes;
};

// One definition, in the contract the operation returns.
export type { BackupReport };

/**
 * Writes one .tgz with a consistent copy of the database (SQLite's online backup, safe while
 * other processes use it), the model packages and dataset snapshots, and a manifest with the
 * SHA-256 of each entry. The database is copied first: packages and snapshots are immutable and
 * written before their rows, so every row in the copy finds its files in the archive.
 */
export async function createBackup(
  workspace: Workspace,
  stores: { versions: VersionStore },
  file: string,
): Promise<BackupReport> {
  const target = resolve(file);
  if (await pathExists(target)) {
    throw new PodiumError('CONFLICT', `${target} already exists; choose a new file name for the backup`, {
      file: target,
    });
  }
  const { paths } = workspace;
  const databaseCopy = tempPathFor(join(paths.root, BACKUP_DATABASE));
  const createdAt = workspace.clock.now().toISOString();
  let manifest: BackupManifest | null = null;
  try {
    await workspace.db.backup(databaseCopy);
    await writeArchive(target, async (archive) => {
      await archive.addFile(BACKUP_DATABASE, databaseCopy);
      await archive.addTree(BACKUP_MODELS, paths.models);
      // Columns files are the snapshots' Tables, rebuilt from the CSV on the first load after a
      // restore: a backup need not carry them (they are larger than the CSVs).
      await archive.addTree(BACKUP_DATASETS, paths.datasets, (relative) =>
        relative.endsWith(COLUMNS_EXTENSION),
      );
      manifest = {
        format: 'podium-backup/1',
        created_at: createdAt,
        podium_version: podiumVersion(),
        workspace_root: paths.root,
        migrations: appliedMigrations(workspace.db),
        files: archive.files,
      };
      await archive.addContent(BACKUP_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    });
  } finally {
    await rm(databaseCopy, { force: true });
    await rm(`${databaseCopy}-journal`, { force: true });
  }
  const files = Object.values((manifest as BackupManifest | null)?.files ?? {});
  const versions = stores.versions.count();
  workspace.logger.info({ file: target, files: files.length }, 'backup written');
  return {
    file: target,
    createdAt,
    files: files.length,
    bytes: files.reduce((sum, entry) => sum + entry.bytes, 0),
    versions,
  };
}
