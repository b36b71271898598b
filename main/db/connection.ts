import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate, readMigrations } from './migrate.js';

export type Db = Database.Database;

/** Migrations ship as .sql files beside the sources; the build copies them next to the JS. */
const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(file: string, options: { migrationsDir?: string } = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // WAL with synchronous=NORMAL is durable against process crashes, which is what we guard.
  db.pragma('synchronous = NORMAL');
  migrate(db, readMigrations(options.migrationsDir ?? MIGRATIONS_DIR), file);
  return db;
}

export function databasePath(workspace: string): string {
  return join(workspace, 'podium.db');
}
