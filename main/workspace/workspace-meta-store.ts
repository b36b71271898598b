import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

/** Facts about the workspace itself (its environment, its id), kept in its own database. */
export class WorkspaceMetaStore {
  constructor(private readonly db: Db) {}

  /** Records each value whose key is not set yet, in one transaction; values already set are kept. */
  setIfAbsent(values: Record<string, string>): void {
    const insert = prepared(this.db, 'INSERT OR IGNORE INTO workspace_meta (key, value) VALUES (?, ?)');
    this.db
      .transaction(() => {
        for (const [key, value] of Object.entries(values)) insert.run(key, value);
      })
      .immediate();
  }

  get(key: string): string | null {
    const row = prepared(this.db, 'SELECT value FROM workspace_meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }
}
