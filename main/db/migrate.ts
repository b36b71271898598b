import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sha256 } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';

export type Migration = { version: number; name: string; sql: string; sha256: string };

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file)!;
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: file, sql, sha256: sha256(sql) };
    });
}

/**
 * Applies pending migrations, each in its own transaction, and refuses to open a database
 * whose applied migrations were edited or are unknown to this build: running against a schema
 * we did not write could corrupt a user's registry.
 */
export function migrate(db: Database.Database, migrations: Migration[], file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = db
    .prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version')
    .all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const known = byVersion.get(row.version);
    if (!known) {
      throw new PodiumError(
        'DB_MIGRATION',
        `${file}: migration ${row.name} was applied by a newer Podium; this version does not know it. Upgrade Podium or use a backup.`,
        { file, migration: row.name },
      );
    }
    if (known.sha256 !== row.sha256) {
      throw new PodiumError(
        'DB_MIGRATION',
        `${file}: migration ${row.name} was edited after it was applied (hash differs); refusing to open.`,
        { file, migration: row.name },
      );
    }
  }
  const appliedVersions = new Set(applied.map((row) => row.version));
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)',
  );
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  let count = 0;
  for (const migration of migrations) {
    if (appliedVersions.has(migration.version)) continue;
    // Checked again under the write lock: the CLI, the UI and the scheduler may open a new
    // workspace at the same moment, and only the first of them applies each migration.
    const applies = db
      .transaction(() => {
        if (isApplied.get(migration.version)) return false;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, migration.sha256, new Date().toISOString());
        return true;
      })
      .immediate();
    if (applies) count++;
  }
  return count;
}
