import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

/**
 * Each connection's statements, keyed by their SQL text. Preparing parses and plans the SQL;
 * a store call that runs thousands of times (a drift window, a monitor tick) should not redo
 * that work, and better-sqlite3 statements are reusable once prepared. Keyed by connection so a
 * closed database's statements go with it.
 */
const byConnection = new WeakMap<Db, Map<string, Statement>>();

/** The statement for `sql` on `db`, prepared the first time it is asked for. */
export function prepared(db: Db, sql: string): Statement {
  let statements = byConnection.get(db);
  if (!statements) {
    statements = new Map();
    byConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
