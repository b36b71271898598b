import assert from 'node:assert/strict';
import { readdir, readFile, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { snapshotCsvColumns } from '../../main/data/columnar/index.js';
import { type DatasetSnapshot, ingestCsv, loadTable, type Table } from '../../main/data/index.js';
import { parseSnapshotCsv } from '../../main/data/load-table.js';
import { columnsPathFor } from '../../main/data/snapshot-columns/index.js';
import { withTempDir, writeCsv } from './fixtures.js';

const ROWS = 240;

/** Every column type the profile knows, each with missing cells, quotes and non-ASCII text. */
function everyTypeCsv(): string {
  const lines = ['amount,count,flag,bit,day,colour,note,ref'];
  const colours = ['red', 'blue', 'grün', 'vert "clair"'];
  for (let i = 0; i < ROWS; i++) {
    const missing = i % 7 === 3;
    lines.push(
      [
        missing ? 'NA' : (i * 1.25 - 40).toFixed(2),
        missing ? '' : String(i % 50),
        missing ? '' : i % 3 === 0 ? 'yes' : 'no',
        i % 2 === 0 ? '1.0' : '0',
        missing
          ? ''
          : `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        missing ? '' : `"${colours[i % 4].replaceAll('"', '""')}"`,
        missing ? '' : `"free text number ${i * 7919}, with a comma and ünïcode ${'x'.repeat(i % 30)}"`,
        `id-${i}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function ingestEveryType(dir: string): Promise<DatasetSnapshot> {
  const file = await writeCsv(dir, 'every-type.csv', everyTypeCsv());
  const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets') });
  // The test means something only if the profile really holds every type.
  assert.deepEqual(
    snapshot.profile.columns.map((column) => column.type),
    ['numeric', 'integer', 'binary', 'binary', 'date', 'category', 'text', 'id'],
  );
  return snapshot;
}

/** Loads the snapshot, collecting the notices a load gives instead of printing them. */
async function load(snapshot: DatasetSnapshot): Promise<{ table: Table; notices: string[] }> {
  const notices: string[] = [];
  const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect, {
    onNotice: (message) => notices.push(message),
  });
  return { table, notices };
}

/**
 * True when the fractional number column is a view into one larger buffer: the file was read,
 * not the CSV (whole-number columns are widened from narrower storage, so they are not views).
 */
function readFromColumnsFile(table: Table): boolean {
  const amount = table.columns.find((column) => column.name === 'amount');
  return amount?.values instanceof Float64Array && amount.values.buffer.byteLength > amount.values.byteLength;
}

test('a snapshot loads from its columns file as the same Table the CSV parses to, every type and missing value', async () => {
  await withTempDir(async (dir) => {
    const snapshot = await ingestEveryType(dir);
    const columnsPath = columnsPathFor(snapshot.path) as string;
    const parsed = await parseSnapshotCsv(snapshot.path, snapshot.profile, snapshot.dialect);
    const first = await load(snapshot);
    assert.deepEqual(first.notices, []);
    assert.deepEqual(first.table, parsed);
    assert.ok((await stat(columnsPath)).size > 0, 'the first load keeps the columns file');
    const second = await load(snapshot);
    assert.deepEqual(second.notices, []);
    assert.ok(readFromColumnsFile(second.table), 'the second load views the columns file');
    assert.deepEqual(second.table, parsed);
    const colour = second.table.columns[5];
    assert.ok(colour.type === 'category');
    assert.deepEqual(colour.values.slice(0, 5), ['red', 'blue', 'grün', null, 'red']);
  });
});

test('a truncated, corrupted or foreign columns file is noticed, the CSV read instead and the file rebuilt', async () => {
  await withTempDir(async (dir) => {
    const snapshot = await ingestEveryType(dir);
    const columnsPath = columnsPathFor(snapshot.path) as string;
    const parsed = await parseSnapshotCsv(snapshot.path, snapshot.profile, snapshot.dialect);
    await load(snapshot);
    const whole = await readFile(columnsPath);
    const damages: [string, () => Promise<void>, RegExp][] = [
      ['truncated', () => truncate(columnsPath, Math.floor(whole.length / 2)), /cut short/],
      [
        'one byte changed',
        async () => {
          const bytes = Buffer.from(whole);
          bytes[Math.floor(bytes.length / 2)] ^= 0xff;
          await writeFile(columnsPath, bytes);
        },
        /checksum/,
      ],
      ['empty', () => writeFile(columnsPath, ''), /not a Podium columns file/],
      ['other bytes', () => writeFile(columnsPath, 'amount,count\n1,2\n'), /not a Podium columns file/],
    ];
    for (const [what, damage, reason] of damages) {
      await damage();
      const { table, notices } = await load(snapshot);
      assert.deepEqual(table, parsed, what);
      assert.equal(notices.length, 1, what);
      assert.match(notices[0], /columns file is not usable/, what);
      assert.match(notices[0], reason, what);
      assert.ok(notices[0].includes(snapshot.path), `${what}: the notice names the snapshot`);
      const again = await load(snapshot);
      assert.deepEqual(again.notices, [], `${what}: the file was rebuilt`);
      assert.ok(readFromColumnsFile(again.table), what);
      assert.deepEqual(again.table, parsed, what);
    }
  });
});

test('a columns file made under another profile or for an older CSV is not used', async () => {
  await withTempDir(async (dir) => {
    const snapshot = await ingestEveryType(dir);
    await load(snapshot);
    // The same snapshot read as text where the profile now says category: another Table.
    const retyped = {
      ...snapshot.profile,
      columns: snapshot.profile.columns.map((column) =>
        column.name === 'ref' ? { ...column, type: 'category' as const } : column,
      ),
    };
    const notices: string[] = [];
    const table = await loadTable(snapshot.path, retyped, snapshot.dialect, {
      onNotice: (message) => notices.push(message),
    });
    assert.equal(table.columns[7].type, 'category');
    assert.match(notices[0], /another profile or dialect/);
    // A CSV touched since the file was written (restored, copied back) is parsed again.
    await utimes(snapshot.path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const touched = await load(snapshot);
    assert.match(touched.notices[0], /the CSV changed/);
    assert.deepEqual(
      touched.table,
      await parseSnapshotCsv(snapshot.path, snapshot.profile, snapshot.dialect),
    );
  });
});

test('a snapshot from before columns files (none beside it) loads from its CSV and gains one', async () => {
  await withTempDir(async (dir) => {
    const snapshot = await ingestEveryType(dir);
    const columnsPath = columnsPathFor(snapshot.path) as string;
    await unlink(columnsPath).catch(() => {});
    const parsed = await parseSnapshotCsv(snapshot.path, snapshot.profile, snapshot.dialect);
    const { table, notices } = await load(snapshot);
    assert.deepEqual(notices, []);
    assert.deepEqual(table, parsed);
    assert.ok((await stat(columnsPath)).isFile());
  });
});

test('drift on a file keeps the columns it read as the snapshot columns file, the Table the CSV parses to', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'every-type.csv', everyTypeCsv());
    const { snapshot } = await snapshotCsvColumns(file, { datasetsDir: join(dir, 'datasets') });
    assert.ok((await stat(columnsPathFor(snapshot.path) as string)).isFile(), 'written at ingest');
    const { table, notices } = await load(snapshot);
    assert.deepEqual(notices, []);
    assert.ok(readFromColumnsFile(table));
    assert.deepEqual(table, await parseSnapshotCsv(snapshot.path, snapshot.profile, snapshot.dialect));
    assert.ok(new Set(snapshot.profile.columns.map((column) => column.type)).size >= 5);
  });
});

test('a CSV that is not a stored snapshot (not named by its hash) never gains a columns file', async () => {
  await withTempDir(async (dir) => {
    const snapshot = await ingestEveryType(dir);
    const plain = await writeCsv(dir, 'plain.csv', await readFile(snapshot.path));
    const table = await loadTable(plain, snapshot.profile, snapshot.dialect, {
      onNotice: (message) => assert.fail(message),
    });
    assert.equal(table.rowCount, ROWS);
    assert.equal(columnsPathFor(plain), null);
    assert.deepEqual((await readdir(dir)).sort(), ['datasets', 'every-type.csv', 'plain.csv']);
  });
});
