export {
  BUSY_TIMEOUT_MS,
  type Db,
  databasePath,
  openDatabase,
  openDatabaseReadOnly,
  openExistingDatabase,
} from './connection.js';
export {
  type AppliedMigration,
  appliedMigrations,
  type ForeignKeyProblem,
  foreignKeyProblems,
  hasSchemaObject,
  integrityProblems,
  optimizeDatabase,
} from './database-checks.js';
export { type Migration, migrate, readMigrations } from './migrate.js';
export { prepared } from './statements.js';
