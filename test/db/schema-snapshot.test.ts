import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Db, openDatabase } from '../../main/db/index.js';

/**
 * Read from (and rewritten in) the source tree, not dist/: the test runs compiled, but the file
 * it compares with is the checked-in one, and regenerating it must change that one.
 */
const SNAPSHOT = fileURLToPath(new URL('../../../test/db/schema-snapshot.sql', import.meta.url));

/** Every schema object, sorted, its SQL on one line with whitespace collapsed. */
function schemaOf(db: Db): string {
  const rows = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  const lines = rows.map((row) => {
    const sql =
      row.sql === null
        ? '-- made by SQLite for a UNIQUE or PRIMARY KEY constraint'
        : `${row.sql.replace(/\s+/g, ' ').trim()};`;
    return `-- ${row.type} ${row.name} on ${row.tbl_name}\n${sql}`;
  });
  return `-- The schema a fresh workspace gets from main/db/migrations (test/db/schema-snapshot.test.ts).\n-- Regenerate: UPDATE_SCHEMA_SNAPSHOT=1 node --test dist/test/db/schema-snapshot.test.js\n\n${lines.join('\n\n')}\n`;
}

test('the migrated schema matches the checked-in snapshot', () => {
  const db = openDatabase(':memory:');
  const schema = schemaOf(db);
  db.close();
  if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
    writeFileSync(SNAPSHOT, schema);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(SNAPSHOT, 'utf8');
  } catch {
    assert.fail(
      `${SNAPSHOT} is missing; write it with UPDATE_SCHEMA_SNAPSHOT=1 node --test dist/test/db/schema-snapshot.test.js`,
    );
  }
  assert.equal(
    schema,
    expected,
    `The migrated schema differs from ${SNAPSHOT}. If a new migration changed it on purpose, regenerate the ` +
      'snapshot with `UPDATE_SCHEMA_SNAPSHOT=1 node --test dist/test/db/schema-snapshot.test.js` (after the build) ' +
      'and commit it with the migration; otherwise a migration or an applied one was edited by mistake.',
  );
});
