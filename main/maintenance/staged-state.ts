import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../common/clock.js';
import { pathExists } from '../common/files.js';
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
import { type EnvironmentName, isInsideRoot, parseEnvironment } from '../workspace/index.js';
import { WorkspaceMetaStore } from '../workspace/workspace-meta-store.js';
import { BACKUP_DATABASE } from './backup.js';
import { type StagedContents, verifyStagedContents } from './staged-contents.js';
import { StoredPathStore } from './stored-path-store.js';

/** The migrations this build knows, shipped beside the compiled db module. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../db/migrations', import.meta.url));

export type StagedSource = StagedContents & {
  /** What is being put in place, as refusals name it: the backup file, or a kept state's folder. */
  label: string;
  /** Whose database a refusal speaks of. */
  kind: 'backup' | 'previous state';
  /** The environment restored into: a state of another environment's workspace is refused. */
  environment?: EnvironmentName;
};

export type StagedState = {
  versions: number;
  /** Stored paths that still name files outside the folder restored into. */
  pathsElsewhere: number;
  /** What the state holds only as a record (see verifyStagedContents). */
  notices: string[];
};

/**
 * Checks a complete workspace state before it may replace the live one: its database opens and
 * passes SQLite's integrity and foreign-key checks with migrations this build knows, it is of the
 * environment restored into, and its packages and dataset snapshots still hash to what the
 * registry recorded. The staged copy is only read (opening it may fold its WAL into the file).
 */
export async function verifyStagedState(source: StagedSource): Promise<StagedState> {
  const database = join(source.staging, BACKUP_DATABASE);
  const invalid = (message: string) =>
    new PodiumError('ARCHIVE_INVALID', `${source.label}: the database in the ${source.kind} ${message}`, {
      source: source.label,
      entry: BACKUP_DATABASE,
    });
  if (!(await pathExists(database))) throw invalid(`is missing (no ${BACKUP_DATABASE})`);
  let db: Db;
  try {
    db = openExistingDatabase(database);
  } catch (error) {
    throw invalid(`cannot be opened (${(error as Error).message})`);
  }
  try {
    let versions: number;
    let pathsElsewhere: number;
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
      if (source.environment !== undefined) checkEnvironment(source, db, source.environment);
      versions = new VersionStore(db, systemClock, source.root).count();
      pathsElsewhere = storedPathsOutside(db, source.root);
    } catch (error) {
      if (error instanceof PodiumError) throw error;
      throw invalid(`cannot be read (${(error as Error).message})`);
    }
    let notices: string[];
    try {
      notices = await verifyStagedContents(db, source, source.label);
    } catch (error) {
      if (error instanceof PodiumError) throw error;
      throw new PodiumError(
        'ARCHIVE_INVALID',
        `${source.label}: the packages and datasets of the ${source.kind} cannot be checked (${(error as Error).message})`,
        { source: source.label },
      );
    }
    return { versions, pathsElsewhere, notices };
  } finally {
    db.close();
  }
}

/** The environment a workspace database belongs to; one from before environments existed is dev's. */
export function recordedEnvironment(db: Db): EnvironmentName {
  if (!hasSchemaObject(db, 'table', 'workspace_meta')) return 'dev';
  return parseEnvironment(
    new WorkspaceMetaStore(db).get('environment') ?? 'dev',
    'the environment recorded in workspace_meta',
  );
}

/**
 * A state restores into the environment it was taken of: a dev backup swapped into prod would
 * bypass release and approval, and prod would then refuse to open at all.
 */
function checkEnvironment(source: StagedSource, db: Db, environment: EnvironmentName): void {
  const recorded = recordedEnvironment(db);
  if (recorded === environment) return;
  const retry =
    environment === 'prod'
      ? 'A version reaches prod by release: podium release <version> --to prod (from dev).'
      : `Restore it with --env ${recorded}.`;
  throw new PodiumError(
    'USAGE',
    `${source.label} is a ${source.kind} of the ${recorded} workspace; restoring it into ${environment} is refused, and nothing was restored. ${retry}`,
    { source: source.label, environment: recorded, requested: environment, retry },
  );
}

function storedPathsOutside(db: Db, root: string): number {
  return new StoredPathStore(db)
    .absolutePaths()
    .filter((path) => path.workspaceOnly && !isInsideRoot(root, path.path)).length;
}
