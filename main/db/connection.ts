import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate, readMigrations } from './migrate.js';

export type Db = Database.Database;

/** Migrations ship as .sql files beside the sources; the build copies them next to the JS. */
const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * How long a statement waits for another connection's write lock before SQLITE_BUSY. The CLI,
 * the UI's core host, the scheduler and the gateway each hold their own connection to one
 * workspace; every write transaction is short, so a wait this long only ever ends in the lock
 * being granted unless something is badly stuck.
 */
export const BUSY_TIMEOUT_MS = 15_000;

export function openDatabase(file: string, options: { migrationsDir?: string } = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // WAL with synchronous=NORMAL is durable against process crashes, which is what we guard.
  db.pragma('synchronous = NORMAL');
  migrate(db, readMigrations(options.migrationsDir ?? MIGRATIONS_DIR), file);
  return db;
}

/**
 * Opens a database file as it is, with no migrations and nothing created: how a backup's
 * database is checked before it may replace a workspace's own.
 */
export function openExistingDatabase(file: string): Db {
  return new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
}

export function databasePath(workspace: string): string {
  return join(workspace, 'podium.db');
}
