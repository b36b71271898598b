import { createReadStream } from 'node:fs';
import { printNotice } from '../common/notice.js';
import { PodiumError } from '../contract/errors.js';
import { createColumnBuilder } from './column-builder.js';
import type { CsvReading } from './csv-dialect.js';
import { CsvSegmenter } from './csv-segmenter.js';
import { CsvProblemError, parseSegment } from './segment-parser.js';
import { readColumnsFile, writeColumnsFile } from './snapshot-columns/index.js';
import type { DatasetProfile, Table } from './types.js';

export type LoadTableOptions = {
  /** Told when the snapshot's columns file is there but cannot be used (it is then rebuilt). */
  onNotice?: (message: string) => void;
};

/**
 * Reads a stored snapshot into a columnar Table, typed by its profile, its cells read as the
 * dataset's dialect says. The snapshot's columns file (`<id>.columns`) holds that Table ready to
 * view; where it is missing (a workspace from before it existed) or damaged, the CSV is parsed
 * and the file written for the next read. The cache never makes a load fail: the CSV is the
 * snapshot. The snapshot passed ingest, so a problem parsing it means the file or profile was
 * changed behind Podium's back.
 */
export async function loadTable(
  snapshotPath: string,
  profile: DatasetProfile,
  reading: CsvReading,
  options: LoadTableOptions = {},
): Promise<Table> {
  const cached = await readColumnsFile(snapshotPath, profile, reading);
  if (cached.kind === 'table') return cached.table;
  const notice = options.onNotice ?? printNotice;
  if (cached.kind === 'invalid') {
    notice(`${snapshotPath}: its columns file is not usable (${cached.reason}); reading the CSV instead`);
  }
  const table = await parseSnapshotCsv(snapshotPath, profile, reading);
  try {
    await writeColumnsFile(snapshotPath, table, profile, reading);
  } catch (error) {
    notice(`${snapshotPath}: its columns file could not be written (${(error as Error).message})`);
  }
  return table;
}

/** The snapshot's Table parsed from its CSV text, as ingest read it. */
export async function parseSnapshotCsv(
  snapshotPath: string,
  profile: DatasetProfile,
  reading: CsvReading,
): Promise<Table> {
  const builders = profile.columns.map((column) =>
    createColumnBuilder(column, profile.rows, reading.decimal),
  );
  const width = builders.length;
  const shape = { columnCount: width, delimiter: reading.delimiter };
  const segmenter = new CsvSegmenter(snapshotPath, reading.delimiter);
  const stream = createReadStream(snapshotPath, { highWaterMark: 1 << 20 });
  let headerChecked = false;
  let rows = 0;
  const onRecord = (record: string[]): void => {
    for (let c = 0; c < width; c++) builders[c].addText(record[c]);
  };
  try {
    const feed = async (segments: ReturnType<CsvSegmenter['push']>): Promise<void> => {
      if (!headerChecked && segmenter.header !== null) {
        checkHeader(snapshotPath, segmenter.header, profile);
        headerChecked = true;
      }
      for (const segment of segments) rows += await parseSegment(segment, shape, onRecord);
    };
    for await (const chunk of stream as AsyncIterable<Buffer>) await feed(segmenter.push(chunk));
    await feed(segmenter.end());
  } catch (error) {
    stream.destroy();
    if (error instanceof CsvProblemError) {
      const { line, reason, details } = error.problem;
      throw new PodiumError('CSV_INVALID', `${snapshotPath}, line ${line}: ${reason}`, {
        file: snapshotPath,
        line,
        ...details,
      });
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new PodiumError('NOT_FOUND', `dataset snapshot ${snapshotPath} does not exist`, {
        file: snapshotPath,
      });
    }
    throw error;
  }
  return { rowCount: rows, columns: builders.map((builder) => builder.build(rows)) };
}

/**
 * Builds the same Table from JSON-like records (online prediction); keys missing from a
 * record, and values that do not read as the column's type, become missing values.
 */
export function tableFromRecords(records: Record<string, unknown>[], profile: DatasetProfile): Table {
  const builders = profile.columns.map((column) => createColumnBuilder(column, records.length));
  records.forEach((record, index) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new PodiumError('DATA_INVALID', `record ${index + 1} is not an object of column values`, {
        index,
      });
    }
    profile.columns.forEach((column, c) => {
      builders[c].addValue(Object.hasOwn(record, column.name) ? record[column.name] : undefined);
    });
  });
  return { rowCount: records.length, columns: builders.map((builder) => builder.build(records.length)) };
}

function checkHeader(file: string, header: string[], profile: DatasetProfile): void {
  const expected = profile.columns.map((column) => column.name);
  if (header.length === expected.length && header.every((name, i) => name === expected[i])) return;
  throw new PodiumError(
    'DATA_INVALID',
    `${file}: the header does not match its profile (expected ${expected.join(', ')}; found ${header.join(', ')})`,
    { file, line: 1, expected, found: header },
  );
}
