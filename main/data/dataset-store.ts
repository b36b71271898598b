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

  list(): StoredDataset[] {
    return (
      prepared(this.db, 'SELECT * FROM datasets ORDER BY created_at DESC, rowid DESC').all() as DatasetRow[]
    ).map((row) => toDataset(row, this.root));
  }
}
