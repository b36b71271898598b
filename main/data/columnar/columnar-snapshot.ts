import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathExists, tempPathFor, writeFileAtomic } from '../../common/files.js';
import { type CsvReading, dateFormatsOf } from '../csv-dialect.js';
import { storedColumnsFromColumnar } from '../snapshot-columns/from-columnar-table.js';
import { columnsPathFor, writeColumnsFile } from '../snapshot-columns/index.js';
import type { DatasetProfile, DatasetSnapshot } from '../types.js';
import type { ColumnarTable } from './columnar-table.js';
import { type ReadColumnsOptions, readCsvColumns } from './read-csv-columns.js';

/**
 * Reads a CSV into typed columns and keeps it as a dataset snapshot in the same single read: the
 * bytes are copied while they are hashed and parsed, and the copy is renamed into place only when
 * the whole file read. On any error nothing is left behind. A snapshot of the same bytes stored
 * earlier keeps its stored profile: a snapshot is immutable.
 */
export async function snapshotCsvColumns(
  file: string,
  options: Omit<ReadColumnsOptions, 'copyTo'> & {
    datasetsDir: string;
    sourceName?: string;
    /** Refuses the profile read (a target with one value): throws before anything is stored. */
    checkProfile?: (profile: DatasetProfile) => void;
  },
): Promise<{ snapshot: DatasetSnapshot; table: ColumnarTable }> {
  const datasetsDir = resolve(options.datasetsDir);
  await mkdir(datasetsDir, { recursive: true });
  const tempCopy = tempPathFor(join(datasetsDir, 'snapshot.csv'));
  let profilePath: string | null = null;
  try {
    const read = await readCsvColumns(file, { ...options, copyTo: tempCopy });
    options.checkProfile?.(read.table.profile);
    const id = read.sha256;
    const snapshotPath = join(datasetsDir, `${id}.csv`);
    const storedProfilePath = join(datasetsDir, `${id}.profile.json`);
    let profile: DatasetProfile = read.table.profile;
    if ((await pathExists(snapshotPath)) && (await pathExists(storedProfilePath))) {
      profile = JSON.parse(await readFile(storedProfilePath, 'utf8')) as DatasetProfile;
      await rm(tempCopy, { force: true });
    } else {
      // The profile goes first: whoever finds `<id>.csv` may rely on its profile being there.
      await writeFileAtomic(storedProfilePath, `${JSON.stringify(profile, null, 2)}\n`);
      profilePath = storedProfilePath;
      await rename(tempCopy, snapshotPath);
    }
    await keepColumnsFile(snapshotPath, read.table, profile, read.reading);
    return {
      snapshot: {
        id,
        path: snapshotPath,
        sourceName: options.sourceName ?? basename(file),
        bytes: read.bytes,
        profile,
        dialect: { ...read.reading, dateFormats: dateFormatsOf(profile) },
      },
      table: read.table,
    };
  } catch (error) {
    await rm(tempCopy, { force: true });
    if (profilePath !== null) await rm(profilePath, { force: true });
    throw error;
  }
}

/**
 * The snapshot's Table as its columns file, from the columns just read, so its first load does
 * not parse the text again. A cache: when it cannot be made, the first load makes it.
 */
async function keepColumnsFile(
  snapshotPath: string,
  table: ColumnarTable,
  profile: DatasetProfile,
  reading: CsvReading,
): Promise<void> {
  const columnsPath = columnsPathFor(snapshotPath);
  if (columnsPath === null || (await pathExists(columnsPath))) return;
  const converted = storedColumnsFromColumnar(table, profile, reading.decimal);
  if (converted === null) return;
  await writeColumnsFile(snapshotPath, converted, profile, reading).catch(() => {});
}
