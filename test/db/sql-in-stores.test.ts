import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The TypeScript sources, not dist/: a finding then names the file a person edits. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'main');

/**
 * Where SQL may be prepared or executed. Everything else asks a store, so each table's SQL
 * lives in one place and each statement is prepared once.
 */
const STORE_FOLDERS = [
  // The connection, the migration runner, the statement cache and SQLite's own checks.
  'main/db/',
];
/** Stores named by what they hold rather than `*-store.ts`; the names are older than the rule. */
const STORE_FILES = [
  'main/registry/versions.ts',
  'main/tracking/runs.ts',
  'main/lifecycle/audit-log.ts',
  'main/serving/prediction-log.ts',
  'main/scheduler/lease-lock.ts',
  'main/monitoring/service-metrics/store.ts',
];

/**
 * A statement prepared or run on a connection: `.prepare(`, `.pragma(`, the statement cache's
 * `prepared(`, or `.exec(` on something named like a database (a RegExp's `.exec(` is not SQL).
 * `\s*` spans line breaks, so the formatter's `db\n  .prepare(` is found too.
 */
const SQL_CALL =
  /\.\s*(?:prepare|pragma)\s*\(|\bprepared\s*\(|\b\w*(?:db|Db|database|Database)\s*\.\s*exec\s*\(/g;

function isStore(path: string): boolean {
  return (
    STORE_FOLDERS.some((folder) => path.startsWith(folder)) ||
    STORE_FILES.includes(path) ||
    /(?:^|\/)[a-z0-9-]+-store\.ts$/.test(path)
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function sqlCalls(text: string): { line: number; call: string }[] {
  return [...text.matchAll(SQL_CALL)].map((match) => ({
    line: text.slice(0, match.index).split('\n').length,
    call: match[0].replace(/\s+/g, ''),
  }));
}

test('the scan finds SQL calls however they are formatted, and not RegExp.exec', () => {
  assert.equal(sqlCalls("workspace.db\n    .prepare(\n 'SELECT 1')").length, 1);
  assert.equal(sqlCalls("db.exec('CREATE TABLE t (x)')").length, 1);
  assert.equal(sqlCalls("this.db.pragma('optimize')").length, 1);
  assert.equal(sqlCalls("prepared(this.db, 'SELECT 1')").length, 1);
  assert.equal(sqlCalls('/^Bearer (\\S+)$/i.exec(header); NAME.exec(line); pattern.exec(text)').length, 0);
});

test('every allow-listed store file exists (a moved store must move its entry here too)', () => {
  for (const file of STORE_FILES)
    assert.ok(existsSync(join(ROOT, file)), `${file} is allow-listed but missing`);
});

test('no SQL is prepared or executed outside the stores', () => {
  const offenders: string[] = [];
  for (const file of sources(MAIN)) {
    const path = relative(ROOT, file).split('\\').join('/');
    if (isStore(path)) continue;
    for (const found of sqlCalls(readFileSync(file, 'utf8')))
      offenders.push(`${path}:${found.line} ${found.call}`);
  }
  assert.deepEqual(
    offenders,
    [],
    `SQL outside a store:\n  ${offenders.join('\n  ')}\nMove it into the store that owns the table (a method named in the domain's words), or, for a new store, name the file *-store.ts.`,
  );
});
