import { hasSchemaObject } from '../db/database-checks.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import { isStoredAbsolute } from '../workspace/stored-path.js';

/**
 * Every column that holds a path. `workspaceOnly` columns name files the workspace itself wrote
 * (packages, snapshots, run folders, logs), which belong inside it; a batch prediction's input
 * and output may live anywhere. `label` names what the column holds in doctor's findings.
 * Migration 0011 made the ones inside the workspace relative; releases' `source_workspace_path`
 * names another workspace, as a record, and is not listed.
 */
export const STORED_PATH_COLUMNS = [
  { table: 'model_versions', column: 'package_path', workspaceOnly: true, label: 'model package' },
  { table: 'datasets', column: 'path', workspaceOnly: true, label: 'dataset snapshot' },
  { table: 'runs', column: 'artifact_dir', workspaceOnly: true, label: 'run folder' },
  { table: 'run_artifacts', column: 'path', workspaceOnly: true, label: 'run artifact' },
  { table: 'services', column: 'log_file', workspaceOnly: true, label: 'service log' },
  { table: 'predictions', column: 'input_path', workspaceOnly: false, label: 'batch prediction input' },
  { table: 'predictions', column: 'output_path', workspaceOnly: false, label: 'batch prediction output' },
] as const;

export type StoredPathColumn = (typeof STORED_PATH_COLUMNS)[number];

/** One stored absolute path: the row it is in (by rowid) and the column. */
export type StoredAbsolutePath = StoredPathColumn & { rowid: number; path: string };

/**
 * The path columns of every table at once, for doctor and restore: which rows still hold an
 * absolute path (written before migration 0011, or outside the workspace), and rewriting them.
 */
export class StoredPathStore {
  constructor(private readonly db: Db) {}

  /** Absolute paths in every path column; a table an older database lacks is skipped. */
  absolutePaths(): StoredAbsolutePath[] {
    const found: StoredAbsolutePath[] = [];
    for (const where of STORED_PATH_COLUMNS) {
      if (!hasSchemaObject(this.db, 'table', where.table)) continue;
      const rows = prepared(
        this.db,
        `SELECT rowid AS row_id, ${where.column} AS path FROM ${where.table} WHERE ${where.column} IS NOT NULL AND ${where.column} <> ''`,
      ).all() as { row_id: number; path: string }[];
      // Named row_id: a table whose INTEGER PRIMARY KEY aliases the rowid names the column after it.
      for (const row of rows)
        if (isStoredAbsolute(row.path)) found.push({ ...where, rowid: row.row_id, path: row.path });
    }
    return found;
  }

  /** Stores new paths for the given rows, all or none. */
  rewrite(changes: readonly { table: string; column: string; rowid: number; stored: string }[]): void {
    const columns = new Map<string, StoredPathColumn>(
      STORED_PATH_COLUMNS.map((c) => [`${c.table}.${c.column}`, c]),
    );
    this.db
      .transaction(() => {
        for (const change of changes) {
          // Only a listed column is ever named in the SQL.
          const known = columns.get(`${change.table}.${change.column}`);
          if (!known) throw new Error(`${change.table}.${change.column} is not a stored path column`);
          prepared(this.db, `UPDATE ${known.table} SET ${known.column} = ? WHERE rowid = ?`).run(
            change.stored,
            change.rowid,
          );
        }
      })
      .immediate();
  }
}
