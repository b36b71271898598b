import assert from 'node:assert/strict';
import Database from 'better-sqlite3';

/** A refusal a user caused reads as a message: never "Internal error", never a stack trace. */
export function assertNoCrash(stderr: string): void {
  assert.doesNotMatch(stderr, /Internal error/);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
}

/** How many rows a table of a workspace's database holds, read without touching the workspace. */
export function tableRows(databaseFile: string, table: 'datasets' | 'predictions'): number {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
