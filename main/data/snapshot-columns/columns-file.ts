import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { tempPathFor } from '../../common/files.js';
import { writeAll } from '../../common/write-all.js';
import type { CsvReading } from '../csv-dialect.js';
import type { DatasetProfile, Table } from '../types.js';
import {
  ColumnsFileProblem,
  columnsKey,
  decodeColumns,
  encodeColumns,
  type StoredColumns,
} from './columns-format.js';

/** The extension of a snapshot's columns file, beside `<id>.csv` and `<id>.profile.json`. */
export const COLUMNS_EXTENSION = '.columns';

/** A stored snapshot's name: the SHA-256 of its bytes. */
const SNAPSHOT_NAME = /^[0-9a-f]{64}\.csv$/;

/**
 * `<dir>/<id>.columns` for a stored snapshot `<dir>/<id>.csv`; null for any other file, so a CSV
 * loaded from a user's folder never gains a file beside it.
 */
export function columnsPathFor(snapshotPath: string): string | null {
  return SNAPSHOT_NAME.test(basename(snapshotPath))
    ? `${snapshotPath.slice(0, -'.csv'.length)}${COLUMNS_EXTENSION}`
    : null;
}

export type ColumnsRead =
  | { kind: 'table'; table: Table }
  | { kind: 'absent' }
  /** The file is there but does not hold this snapshot's Table; `reason` says why. */
  | { kind: 'invalid'; reason: string };

/** Reads the snapshot's Table from its columns file, if there is one that is whole and current. */
export async function readColumnsFile(
  snapshotPath: string,
  profile: DatasetProfile,
  reading: CsvReading,
): Promise<ColumnsRead> {
  const path = columnsPathFor(snapshotPath);
  if (path === null) return { kind: 'absent' };
  let bytes: Buffer;
  let csv: { bytes: number; mtimeMs: number };
  try {
    [bytes, csv] = await Promise.all([readFile(path), csvStamp(snapshotPath)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'invalid', reason: (error as Error).message };
  }
  try {
    const table = decodeColumns(bytes, {
      snapshotId: snapshotIdOf(snapshotPath),
      csv,
      key: columnsKey(profile, reading),
    });
    return { kind: 'table', table };
  } catch (error) {
    // The checksum passed, so a header that does not parse or fit is a file of another version.
    if (error instanceof ColumnsFileProblem || error instanceof SyntaxError || error instanceof TypeError) {
      return { kind: 'invalid', reason: error.message };
    }
    throw error;
  }
}

/**
 * Writes the snapshot's Table beside it, under a temporary name renamed into place when whole:
 * readers find the old file, no file, or the new one, never part of one. A Table whose row
 * count is not the profile's is not kept, as it would never be read back. Each column is
 * encoded while the one before it is being written, so the disk and the encoding overlap.
 */
export async function writeColumnsFile(
  snapshotPath: string,
  table: StoredColumns,
  profile: DatasetProfile,
  reading: CsvReading,
): Promise<void> {
  const path = columnsPathFor(snapshotPath);
  if (path === null || table.rowCount !== profile.rows) return;
  const chunks = encodeColumns(table, {
    snapshotId: snapshotIdOf(snapshotPath),
    csv: await csvStamp(snapshotPath),
    key: columnsKey(profile, reading),
  });
  const temp = tempPathFor(path);
  try {
    const file = await open(temp, 'wx');
    let writing: Promise<void> | null = null;
    try {
      // Taking the next chunk encodes the next column, while this one is written.
      for (const chunk of chunks) {
        if (writing !== null) await writing;
        writing = writeAll(file, chunk);
      }
      if (writing !== null) await writing;
    } finally {
      await writing?.catch(() => {});
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function csvStamp(snapshotPath: string): Promise<{ bytes: number; mtimeMs: number }> {
  const info = await stat(snapshotPath);
  return { bytes: info.size, mtimeMs: info.mtimeMs };
}

function snapshotIdOf(snapshotPath: string): string {
  return basename(snapshotPath, '.csv');
}
