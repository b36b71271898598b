import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../common/clock.js';
import { pathExists, tempPathFor } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import {
  appliedMigrations,
  type Db,
  foreignKeyProblems,
  hasSchemaObject,
  integrityProblems,
  openExistingDatabase,
  readMigrations,
} from '../db/index.js';
import { VersionStore } from '../registry/index.js';
import { type EnvironmentName, isInsideRoot, workspacePaths } from '../workspace/index.js';
import { WorkspaceMetaStore } from '../workspace/workspace-meta-store.js';
import { type ArchiveLimits, type ExtractedFile, extractArchive, RESTORE_LIMITS } from './archive-reader.js';
import {
  BACKUP_DATABASE,
  BACKUP_DATASETS,
  BACKUP_MANIFEST,
  BACKUP_MODELS,
  type BackupManifest,
} from './backup.js';
import { folderStamp, maintenancePaths, RESTORE_SNAPSHOT_PREFIX } from './layout.js';
import { StoredPathStore } from './stored-path-store.js';

/** The migrations this build knows, shipped beside the compiled db module. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../db/migrations', import.meta.url));

export type RestoreReport = {
  file: string;
  workspace: string;
  backup_created_at: string;
  /** Where the replaced database, packages and datasets were moved. */
  previous_state: string;
  files: number;
  versions: number;
  /**
   * Set when rows of the backup still name files in another folder (a backup of a workspace
   * whose paths were absolute, taken elsewhere): `podium doctor --repair` re-roots them here.
   */
  warning: string | null;
};

/**
 * Replaces a workspace's database, model packages and dataset snapshots with a backup's. Every
 * check runs before anything is touched: the archive unpacks safely (inside the workspace, so the
 * swap is a rename), every file matches the manifest's hash, and the database passes SQLite's
 * integrity and foreign-key checks with migrations this build knows. Only then is the current
 * state moved to `backups/before-restore-<time>/` and the backup's renamed into place; a failed
 * rename moves everything back. The workspace must not be open (stop `podium serve` first).
 */
export async function restoreBackup(
  workspaceDir: string,
  file: string,
  options: {
    now?: Date;
    limits?: ArchiveLimits;
    /** The environment restored into: a backup of another environment's workspace is refused. */
    environment?: EnvironmentName;
  } = {},
): Promise<RestoreReport> {
  const source = resolve(file);
  const paths = workspacePaths(workspaceDir);
  await mkdir(paths.root, { recursive: true });
  const staging = tempPathFor(join(paths.root, 'restore'));
  try {
    const extracted = await extractArchive(source, staging, options.limits ?? RESTORE_LIMITS);
    const manifest = await verifyManifest(source, staging, extracted);
    const { versions, pathsElsewhere } = verifyDatabase(
      source,
      join(staging, BACKUP_DATABASE),
      paths.root,
      options.environment,
    );
    const previous = await swapIn(paths.root, staging, options.now ?? new Date());
    return {
      file: source,
      workspace: paths.root,
      backup_created_at: manifest.created_at,
      previous_state: previous,
      files: Object.keys(manifest.files).length,
      versions,
      warning:
        pathsElsewhere === 0
          ? null
          : `the backup was taken of ${manifest.workspace_root}; ${pathsElsewhere} of the paths it stores still point there (packages, datasets, runs): run podium doctor --repair to re-root them to this folder`,
    };
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

async function verifyManifest(
  file: string,
  staging: string,
  extracted: Map<string, ExtractedFile>,
): Promise<BackupManifest> {
  const invalid = (message: string, entry?: string) =>
    new PodiumError('ARCHIVE_INVALID', `${file}: ${message}; nothing was restored`, {
      file,
      ...(entry ? { entry } : {}),
    });
  if (!extracted.has(BACKUP_MANIFEST)) throw invalid(`no ${BACKUP_MANIFEST}: this is not a Podium backup`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(staging, BACKUP_MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw invalid(`${BACKUP_MANIFEST} is not valid JSON (${(error as Error).message})`, BACKUP_MANIFEST);
  }
  if (manifest.format !== 'podium-backup/1' || typeof manifest.files !== 'object' || manifest.files === null)
    throw invalid(`${BACKUP_MANIFEST} is not a podium-backup/1 manifest`, BACKUP_MANIFEST);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = extracted.get(name);
    if (!actual)
      throw invalid(`entry "${name}" is listed in the manifest but missing from the archive`, name);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes)
      throw invalid(`entry "${name}" does not match its hash in the manifest`, name);
  }
  for (const name of extracted.keys()) {
    if (name !== BACKUP_MANIFEST && !(name in manifest.files))
      throw invalid(`entry "${name}" is not listed in the manifest`, name);
    if (
      name !== BACKUP_MANIFEST &&
      name !== BACKUP_DATABASE &&
      !isUnder(name, [BACKUP_MODELS, BACKUP_DATASETS])
    )
      throw invalid(`entry "${name}" is outside what a backup restores`, name);
  }
  if (!extracted.has(BACKUP_DATABASE))
    throw invalid(`the archive holds no ${BACKUP_DATABASE}`, BACKUP_DATABASE);
  return manifest;
}

function isUnder(name: string, folders: string[]): boolean {
  return folders.some((folder) => name.startsWith(`${folder}/`));
}

/**
 * A backup restores into the environment it was taken of: a dev backup swapped into prod would
 * bypass release and approval, and prod would then refuse to open at all. A workspace from before
 * environments existed is dev's (as claimEnvironment reads it).
 */
function checkEnvironment(file: string, db: Db, environment: EnvironmentName): void {
  const recorded = hasSchemaObject(db, 'table', 'workspace_meta')
    ? (new WorkspaceMetaStore(db).get('environment') ?? 'dev')
    : 'dev';
  if (recorded === environment) return;
  throw new PodiumError(
    'USAGE',
    `${file} is a backup of the ${recorded} workspace; restoring it into ${environment} is refused, and nothing was restored. ` +
      (environment === 'prod'
        ? 'A version reaches prod by release: podium release <version> --to prod (from dev).'
        : `Restore it with --env ${recorded}.`),
    { file, environment: recorded, requested: environment },
  );
}

/**
 * Opens the staged copy only to check it; returns how many versions it registers, and how many
 * of its paths name files outside the folder it is restored into.
 */
function verifyDatabase(
  file: string,
  database: string,
  root: string,
  environment: EnvironmentName | undefined,
): { versions: number; pathsElsewhere: number } {
  const invalid = (message: string) =>
    new PodiumError(
      'ARCHIVE_INVALID',
      `${file}: the database in the backup ${message}; nothing was restored`,
      {
        file,
        entry: BACKUP_DATABASE,
      },
    );
  let db: Db;
  try {
    db = openExistingDatabase(database);
  } catch (error) {
    throw invalid(`cannot be opened (${(error as Error).message})`);
  }
  try {
    const integrity = integrityProblems(db);
    if (integrity.length > 0) throw invalid(`fails the integrity check (${integrity.join('; ')})`);
    if (!hasSchemaObject(db, 'table', 'schema_migrations'))
      throw invalid('has no schema_migrations table: it is not a Podium database');
    const known = new Map(readMigrations(MIGRATIONS_DIR).map((m) => [m.version, m]));
    for (const row of appliedMigrations(db)) {
      const migration = known.get(row.version);
      if (!migration) throw invalid(`was written by a newer Podium (migration ${row.name})`);
      if (migration.sha256 !== row.sha256) throw invalid(`has an edited migration ${row.name}`);
    }
    const foreign = foreignKeyProblems(db);
    if (foreign.length > 0) throw invalid(`fails the foreign key check (${foreign.length} rows)`);
    if (environment !== undefined) checkEnvironment(file, db, environment);
    return {
      versions: new VersionStore(db, systemClock, root).count(),
      pathsElsewhere: new StoredPathStore(db)
        .absolutePaths()
        .filter((path) => path.workspaceOnly && !isInsideRoot(root, path.path)).length,
    };
  } catch (error) {
    if (error instanceof PodiumError) throw error;
    throw invalid(`cannot be read (${(error as Error).message})`);
  } finally {
    db.close();
  }
}

/**
 * Moves the current database (with its WAL files), packages and datasets aside, then the staged
 * ones into place. Each step is a rename inside the workspace; on a failure the steps already
 * taken are undone in reverse, so the workspace ends either fully restored or as it was.
 */
async function swapIn(root: string, staging: string, now: Date): Promise<string> {
  let previous = join(maintenancePaths(root).backups, `${RESTORE_SNAPSHOT_PREFIX}${folderStamp(now)}`);
  for (let n = 2; await pathExists(previous); n++)
    previous = join(maintenancePaths(root).backups, `${RESTORE_SNAPSHOT_PREFIX}${folderStamp(now)}-${n}`);
  const current = [
    BACKUP_DATABASE,
    `${BACKUP_DATABASE}-wal`,
    `${BACKUP_DATABASE}-shm`,
    BACKUP_MODELS,
    BACKUP_DATASETS,
  ];
  const done: { from: string; to: string }[] = [];
  const move = async (from: string, to: string) => {
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
    done.push({ from, to });
  };
  try {
    await mkdir(previous, { recursive: true });
    for (const name of current) {
      if (await pathExists(join(root, name))) await move(join(root, name), join(previous, name));
    }
    for (const name of [BACKUP_DATABASE, BACKUP_MODELS, BACKUP_DATASETS]) {
      if (await pathExists(join(staging, name))) await move(join(staging, name), join(root, name));
      else await mkdir(join(root, name), { recursive: true });
    }
  } catch (error) {
    for (const step of done.reverse()) await rename(step.to, step.from).catch(() => {});
    throw new PodiumError(
      'CONFLICT',
      `Restore failed while swapping files in (${(error as Error).message}); the workspace was put back as it was`,
      { reason: (error as Error).message },
    );
  }
  return previous;
}
