import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { sha256File, tempPathFor } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import type { StoredDataset } from './dataset-store.js';
import { loadTable } from './load-table.js';
import { csvToParquet, type ParquetType } from './parquet/index.js';
import type { Column, Table } from './types.js';

export type SnapshotFormat = 'csv' | 'parquet';

/** What an export wrote. */
export type ExportedSnapshot = {
  file: string;
  format: SnapshotFormat;
  rows: number;
  bytes: number;
  sha256: string;
};

/** Rows turned into CSV text per write: bounded memory for the text, few writes. */
const ROWS_PER_WRITE = 10_000;

/**
 * Writes a dataset snapshot to `file`: as CSV, the snapshot's own bytes (its dialect, as it was
 * ingested); as Parquet, its cells read as Podium reads them (the dialect, missing-value tokens,
 * date formats) and typed by the profile: numbers DOUBLE, whole numbers BIGINT, dates DATE (or
 * TIMESTAMP when a value has a time of day), categories, binaries, text and ids VARCHAR, missing
 * cells NULL. Written under a temporary name and renamed: a failure leaves no partial file.
 */
export async function exportSnapshot(
  dataset: StoredDataset,
  format: SnapshotFormat,
  file: string,
  tempDir: string,
): Promise<ExportedSnapshot> {
  await mkdir(dirname(file), { recursive: true }).catch((error: Error) => {
    throw new PodiumError('USAGE', `Cannot write ${file}: ${error.message}`, { file });
  });
  if (format === 'csv') {
    const temp = tempPathFor(file);
    try {
      await copyFile(dataset.path, temp);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw new PodiumError('USAGE', `Cannot write ${file}: ${(error as Error).message}`, { file });
    }
  } else {
    const table = await loadTable(dataset.path, dataset.profile, dataset.dialect);
    const csv = tempPathFor(join(tempDir, 'export.csv'));
    try {
      await writeCanonicalCsv(table, csv);
      const types = new Map(table.columns.map((column) => [column.name, parquetType(column)]));
      await csvToParquet(csv, file, (name) => types.get(name) ?? 'VARCHAR', { lenient: false });
    } finally {
      await rm(csv, { force: true });
    }
  }
  return {
    file,
    format,
    rows: dataset.profile.rows,
    bytes: (await stat(file)).size,
    sha256: await sha256File(file),
  };
}

function parquetType(column: Column): ParquetType {
  if (column.type === 'numeric') return 'DOUBLE';
  if (column.type === 'integer') return 'BIGINT';
  if (column.type === 'date') return column.values.every(isMidnightOrMissing) ? 'DATE' : 'TIMESTAMP';
  return 'VARCHAR';
}

const DAY_MS = 86_400_000;

function isMidnightOrMissing(ms: number): boolean {
  return Number.isNaN(ms) || ms % DAY_MS === 0;
}

/** The table as comma-separated, decimal-point CSV with ISO dates (UTC): what csvToParquet reads. */
async function writeCanonicalCsv(table: Table, path: string): Promise<void> {
  const sink = createWriteStream(path);
  const failed = once(sink, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  const cell = table.columns.map((column) => cellText(column, parquetType(column)));
  const write = async (text: string) => {
    if (!sink.write(text)) await Promise.race([once(sink, 'drain'), failed]);
  };
  await write(stringify([table.columns.map((column) => column.name)]));
  for (let start = 0; start < table.rowCount; start += ROWS_PER_WRITE) {
    const rows: string[][] = [];
    for (let row = start; row < Math.min(table.rowCount, start + ROWS_PER_WRITE); row++) {
      rows.push(cell.map((text) => text(row)));
    }
    await write(stringify(rows));
  }
  sink.end();
  await Promise.race([once(sink, 'close'), failed]);
}

/** One column's cell as text: blank for a missing value, which DuckDB reads as NULL. */
function cellText(column: Column, type: ParquetType): (row: number) => string {
  // DATE reads a plain calendar date; TIMESTAMP (UTC, as Podium holds dates) reads no zone.
  const dateLength = type === 'DATE' ? 10 : 23;
  switch (column.type) {
    case 'numeric':
    case 'integer':
      return (row) => (Number.isNaN(column.values[row]) ? '' : String(column.values[row]));
    case 'date':
      return (row) =>
        Number.isNaN(column.values[row])
          ? ''
          : new Date(column.values[row]).toISOString().slice(0, dateLength);
    case 'binary':
      return (row) => (Number.isNaN(column.values[row]) ? '' : column.levels[column.values[row]]);
    default:
      return (row) => column.values[row] ?? '';
  }
}
