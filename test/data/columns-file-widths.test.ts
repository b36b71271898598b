import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CsvReading } from '../../main/data/csv-dialect.js';
import { type DatasetProfile, ingestCsv, loadTable, type Table } from '../../main/data/index.js';
import {
  columnsPathFor,
  readColumnsFile,
  storedColumnsOf,
  writeColumnsFile,
} from '../../main/data/snapshot-columns/index.js';
import { withTempDir, writeCsv } from './fixtures.js';

const ROWS = 70_000;
const READING: CsvReading = { delimiter: ',', decimal: '.' };

/**
 * Columns at the edges of each width: text codes of 1, 2 and 4 bytes (3, 300 and 70,000 distinct
 * texts), whole numbers that fit 1, 2 and 4 bytes up to their limits, and number columns that
 * must stay 8 bytes (a fraction, a −0, 2^31, a value past 32 bits). Missing values in each.
 */
function edgeTable(): Table {
  const numbers = (at: (i: number) => number): Float64Array =>
    Float64Array.from({ length: ROWS }, (_, i) => at(i));
  const missingEvery = (n: number, at: (i: number) => number) => (i: number) =>
    i % n === 5 ? Number.NaN : at(i);
  return {
    rowCount: ROWS,
    columns: [
      { name: 'small', type: 'integer', values: numbers(missingEvery(9, (i) => (i % 255) - 127)) },
      {
        name: 'medium',
        type: 'integer',
        values: numbers(missingEvery(9, (i) => (i % 2 ? 32_767 : -32_767))),
      },
      {
        name: 'wide',
        type: 'integer',
        values: numbers(missingEvery(9, (i) => (i % 2 ? 2_147_483_647 : -2_147_483_647))),
      },
      { name: 'lowest', type: 'integer', values: numbers((i) => (i === 7 ? -128 : i % 3)) },
      { name: 'fraction', type: 'numeric', values: numbers(missingEvery(9, (i) => i + 0.5)) },
      { name: 'negative zero', type: 'numeric', values: numbers((i) => (i === 10 ? -0 : i % 4)) },
      { name: 'past 32 bits', type: 'integer', values: numbers((i) => (i === 3 ? 2 ** 31 : i)) },
      { name: 'huge', type: 'numeric', values: numbers((i) => (i === 3 ? 1e300 : i)) },
      { name: 'flag', type: 'binary', values: numbers(missingEvery(9, (i) => i % 2)), levels: ['no', 'yes'] },
      { name: 'day', type: 'date', values: numbers(missingEvery(9, (i) => 19_000 + (i % 400))) },
      {
        name: 'colour',
        type: 'category',
        values: Array.from({ length: ROWS }, (_, i) => (i % 9 === 5 ? null : ['red', 'grün', 'blue'][i % 3])),
      },
      {
        name: 'town',
        type: 'text',
        values: Array.from({ length: ROWS }, (_, i) => (i % 9 === 5 ? null : `town ${i % 300}`)),
      },
      {
        name: 'ref',
        type: 'id',
        values: Array.from({ length: ROWS }, (_, i) => (i === 4 ? null : `id-${i}`)),
      },
    ],
  };
}

/** The profile fields the columns file is keyed on; a real ingest's profile has more. */
function profileOf(table: Table): DatasetProfile {
  return {
    rows: table.rowCount,
    columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
  } as unknown as DatasetProfile;
}

test('columns of every width round-trip exactly, NaN and −0 included, in 1, 2 or 4 bytes where that is exact', async () => {
  await withTempDir(async (dir) => {
    const snapshotPath = await writeCsv(dir, `${'ab'.repeat(32)}.csv`, 'stands in for the snapshot\n');
    const table = edgeTable();
    const profile = profileOf(table);
    await writeColumnsFile(snapshotPath, storedColumnsOf(table), profile, READING);
    const read = await readColumnsFile(snapshotPath, profile, READING);
    assert.equal(read.kind, 'table', read.kind === 'invalid' ? read.reason : read.kind);
    if (read.kind !== 'table') return;
    assert.deepEqual(read.table, table);
    const negativeZero = read.table.columns[5].values as Float64Array;
    assert.ok(Object.is(negativeZero[10], -0), '−0 stays −0');
    const lowest = read.table.columns[3].values as Float64Array;
    assert.equal(
      lowest[7],
      -128,
      "a value equal to the 1-byte width's missing marker is not read as missing",
    );
    // Bytes a row: 1+2+4+1 whole numbers, 4 x 8 that must stay Float64, 1 flag, 2 day, codes of
    // 1, 2 and 4 bytes; then the dictionaries (70,000 ids) and the header. Eight bytes a value
    // and four a code would be 92.
    const size = (await stat(columnsPathFor(snapshotPath) as string)).size;
    assert.ok(size > ROWS * 50 && size < ROWS * 50 + 1_000_000, `${size} bytes`);
  });
});

test('a columns file of an older format is not misread: the load parses the CSV and rebuilds it', async () => {
  await withTempDir(async (dir) => {
    const lines = ['amount,count,colour'];
    for (let i = 0; i < 200; i++) lines.push(`${i * 1.5},${i % 7},${['red', 'blue'][i % 2]}`);
    const file = await writeCsv(dir, 'small.csv', `${lines.join('\n')}\n`);
    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets') });
    const columnsPath = columnsPathFor(snapshot.path) as string;
    const load = async (): Promise<{ table: Table; notices: string[] }> => {
      const notices: string[] = [];
      const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect, {
        onNotice: (message) => notices.push(message),
      });
      return { table, notices };
    };
    const first = await load();
    assert.deepEqual(first.notices, []);
    // The same bytes under the version-1 magic: what a file written before this format looks like.
    const current = await readFile(columnsPath);
    await writeFile(columnsPath, Buffer.concat([Buffer.from('PODCOLS1', 'latin1'), current.subarray(8)]));
    const old = await load();
    assert.equal(old.notices.length, 1);
    assert.match(old.notices[0], /format 1, not 2/);
    assert.deepEqual(old.table, first.table);
    assert.ok((await readFile(columnsPath)).equals(current), 'rebuilt in the current format');
    assert.deepEqual((await load()).notices, []);
  });
});
