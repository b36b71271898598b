import type { Clock } from '../common/clock.js';
import type { CsvDelimiter, DecimalMark } from '../contract/csv-dialect.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import { fromStoredPath, toStoredPath } from '../workspace/stored-path.js';
import { legacyDialect } from './csv-dialect.js';
import type { DateFormat } from './date-formats.js';
import type { DatasetProfile, DatasetSnapshot } from './types.js';

export type StoredDataset = DatasetSnapshot & { createdAt: string };

type DatasetRow = {
  id: string;
  path: string;
  source_name: string;
  bytes: number;
  row_count: number;
  profile_json: string;
  created_at: string;
  delimiter: CsvDelimiter;
  decimal_mark: DecimalMark;
  date_formats_json: string | null;
};

function toDataset(row: DatasetRow, root: string): StoredDataset {
  const profile = JSON.parse(row.profile_json) as DatasetProfile;
  return {
    id: row.id,
    path: fromStoredPath(root, row.path),
    sourceName: row.source_name,
    bytes: row.bytes,
    profile,
    dialect:
      row.date_formats_json === null
        ? legacyDialect(profile)
        : {
            delimiter: row.delimiter,
            decimal: row.decimal_mark,
            dateFormats: JSON.parse(row.date_formats_json) as Record<string, DateFormat>,
          },
    createdAt: row.created_at,
  };
}

/** Who still names a dataset, in the words a refusal uses. */
export type DatasetUsers = {
  /** `churn v3` */
  versions: string[];
  runs: string[];
  lineage: string[];
  decisions: number[];
  driftReports: number[];
};

/** The datasets table: one row per snapshot, keyed by content hash, so a file is stored once. */
export class DatasetStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The workspace folder: stored paths are relative to it. */
    private readonly root: string,
  ) {}

  /** Records a snapshot; ingesting the same bytes again returns the first record. */
  record(snapshot: DatasetSnapshot): StoredDataset {
    prepared(
      this.db,
      `INSERT OR IGNORE INTO datasets
         (id, path, source_name, bytes, row_count, profile_json, created_at, delimiter, decimal_mark, date_formats_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      snapshot.id,
      toStoredPath(this.root, snapshot.path),
      snapshot.sourceName,
      snapshot.bytes,
      snapshot.profile.rows,
      JSON.stringify(snapshot.profile),
      this.clock.now().toISOString(),
      snapshot.dialect.delimiter,
      snapshot.dialect.decimal,
      JSON.stringify(snapshot.dialect.dateFormats),
    );
    return this.get(snapshot.id)!;
  }

  get(id: string): StoredDataset | null {
    const row = prepared(this.db, 'SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    return row ? toDataset(row, this.root) : null;
  }

  /** Every dataset whose id starts with `prefix` (at most `limit`), newest first. */
  withPrefix(prefix: string, limit = 10): StoredDataset[] {
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (
      prepared(
        this.db,
        `SELECT * FROM datasets WHERE id LIKE ? ESCAPE '\\' ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ).all(pattern, limit) as DatasetRow[]
    ).map((row) => toDataset(row, this.root));
  }

  /** What still names the dataset: registered versions, runs, lineage, decisions and drift reports. */
  usersOf(id: string): DatasetUsers {
    const column = <T>(sql: string) => (prepared(this.db, sql).all(id) as { v: T }[]).map((row) => row.v);
    return {
      versions: column<string>(
        `SELECT model_name || ' v' || version AS v FROM model_versions WHERE dataset_id = ? ORDER BY model_name, version`,
      ),
      runs: column<string>('SELECT id AS v FROM runs WHERE dataset_id = ? ORDER BY started_at'),
      lineage: column<string>('SELECT run_id AS v FROM run_lineage WHERE dataset_id = ? ORDER BY run_id'),
      decisions: column<number>('SELECT id AS v FROM decisions WHERE evaluation_dataset_id = ? ORDER BY id'),
      driftReports: column<number>('SELECT id AS v FROM drift_reports WHERE dataset_id = ? ORDER BY id'),
    };
  }

  /**
   * Deletes the dataset's row unless something still names it (checked in the same write
   * transaction, so nothing can start using it in between); `beforeCommit` runs inside the
   * transaction, so if it throws the row stays. Answers the users instead when there are any.
   */
  remove(id: string, beforeCommit: () => void): DatasetUsers | null {
    return this.db.transaction(() => {
      const users = this.usersOf(id);
      if (Object.values(users).some((list) => list.length > 0)) return users;
      prepared(this.db, 'DELETE FROM datasets WHERE id = ?').run(id);
      beforeCommit();
      return null;
    })();
  }

  /**
   * Each snapshot's id, file and source name: columns every schema version has, so a database
   * not migrated yet (a backup's, checked before it is restored) can be read too.
   */
  snapshotFiles(): { id: string; path: string; sourceName: string }[] {
    return (
      prepared(this.db, 'SELECT id, path, source_name FROM datasets ORDER BY rowid').all() as Pick<
        DatasetRow,
        'id' | 'path' | 'source_name'
      >[]
    ).map((row) => ({ id: row.id, path: fromStoredPath(this.root, row.path), sourceName: row.source_name }));
  }

  list(): StoredDataset[] {
    return (
      prepared(this.db, 'SELECT * FROM datasets ORDER BY created_at DESC, rowid DESC').all() as DatasetRow[]
    ).map((row) => toDataset(row, this.root));
  }
}
