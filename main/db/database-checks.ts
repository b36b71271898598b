import type { Db } from './connection.js';
import { prepared } from './statements.js';

/**
 * SQLite's own health checks and the schema bookkeeping that doctor, backup and restore read.
 * They concern the database file itself, not any one domain's tables.
 */

/** The problems `PRAGMA integrity_check` reports; empty when the file is sound. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
}

export type ForeignKeyProblem = { table: string; rowid: number; parent: string };

/** Rows that refer to a missing parent row (`PRAGMA foreign_key_check`). */
export function foreignKeyProblems(db: Db): ForeignKeyProblem[] {
  return db.pragma('foreign_key_check') as ForeignKeyProblem[];
}

/** Whether the schema holds a table, index, view or trigger of this name. */
export function hasSchemaObject(db: Db, type: 'table' | 'index' | 'view' | 'trigger', name: string): boolean {
  return (
    prepared(db, 'SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(type, name) !== undefined
  );
}

export type AppliedMigration = { version: number; name: string; sha256: string };

/** The migrations this database records as applied, oldest first. */
export function appliedMigrations(db: Db): AppliedMigration[] {
  return prepared(
    db,
    'SELECT version, name, sha256 FROM schema_migrations ORDER BY version',
  ).all() as AppliedMigration[];
}

/** Lets SQLite refresh its planner statistics where they have gone stale; cheap when nothing changed. */
export function optimizeDatabase(db: Db): void {
  db.pragma('optimize');
}
