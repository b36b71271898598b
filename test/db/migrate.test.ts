import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../main/db/index.js';
import { tempDir } from '../helpers/workspace.js';

const MIGRATIONS = new URL('../../main/db/migrations', import.meta.url).pathname;

test('migrations apply once, in WAL mode with foreign keys on', () => {
  const dir = tempDir();
  const file = join(dir, 'podium.db');
  const db = openDatabase(file);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  const applied = db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
  db.close();
  const again = openDatabase(file);
  assert.deepEqual(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get(), applied);
  again.close();
});

test('an edited applied migration is refused with a clear error', () => {
  const dir = tempDir();
  const migrations = join(dir, 'migrations');
  cpSync(MIGRATIONS, migrations, { recursive: true });
  const file = join(dir, 'podium.db');
  openDatabase(file, { migrationsDir: migrations }).close();
  writeFileSync(join(migrations, '0001_init.sql'), '-- edited\nSELECT 1;');
  assert.throws(
    () => openDatabase(file, { migrationsDir: migrations }),
    (error: Error & { code?: string }) =>
      error.code === 'DB_MIGRATION' && error.message.includes('0001_init.sql was edited'),
  );
});

test('a failed migration leaves earlier data in place', () => {
  const dir = tempDir();
  const migrations = join(dir, 'migrations');
  cpSync(MIGRATIONS, migrations, { recursive: true });
  const file = join(dir, 'podium.db');
  const db = openDatabase(file, { migrationsDir: migrations });
  db.prepare("INSERT INTO experiments (name, created_at) VALUES ('kept', '2026-01-01')").run();
  db.close();
  writeFileSync(join(migrations, '0999_broken.sql'), 'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;');
  assert.throws(() => openDatabase(file, { migrationsDir: migrations }));
  writeFileSync(join(migrations, '0999_broken.sql'), 'SELECT 1;');
  const reopened = openDatabase(file, { migrationsDir: migrations });
  assert.deepEqual(reopened.prepare('SELECT name FROM experiments').all(), [{ name: 'kept' }]);
  const tables = reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all();
  assert.equal(tables.length, 0, 'the failed migration was rolled back whole');
  reopened.close();
});
