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

export function openDatabase(
  file: string,
  options: { migrationsDir?: string; busyTimeoutMs?: number } = {},
): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // WAL with synchronous=NORMAL is durable against process crashes, which is what we guard.
  db.pragma('synchronous = NORMAL');
  immediateByDefault(db);
  migrate(db, readMigrations(options.migrationsDir ?? MIGRATIONS_DIR), file);
  return db;
}

/**
 * Makes `db.transaction(fn)()` begin with BEGIN IMMEDIATE (`.deferred` is still there to ask
 * for). Other processes write to the same database (the gateway process's prediction log, a
 * CLI in another terminal), and SQLite does not wait when a transaction that has already read
 * tries to write while another connection writes: it fails at once with SQLITE_BUSY. A
 * transaction that takes the write lock when it begins waits for it up to busy_timeout instead.
 */
function immediateByDefault(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = <F extends Parameters<Db['transaction']>[0]>(fn: F): Database.Transaction<F> => {
    const wrapped = transaction(fn);
    return Object.assign(wrapped.immediate.bind(null), {
      default: wrapped.immediate,
      deferred: wrapped.deferred,
      immediate: wrapped.immediate,
      exclusive: wrapped.exclusive,
    });
  };
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

/**
 * Opens a database file only to read it, changing nothing (not even checkpointing its WAL): how
 * the states restore kept aside are described without touching them.
 */
export function openDatabaseReadOnly(file: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
}
