import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  type Column,
  type DatasetProfile,
  DEFAULT_CSV_DIALECT,
  ingestCsv,
  loadTable,
  type Table,
  tableFromRecords,
} from '../../main/data/index.js';
import { rejection, withTempDir, writeCsv } from './fixtures.js';

const TEXT = [
  'amount,count,flag,bit,colour,day,ref',
  '1.5,3,yes,1,red,31/01/2024,r1',
  'NA,4,no,0,blue,29/02/2024,r2',
  '2.25,,yes,1.0,,01/12/2023,r3',
  '-4,7,,0,red,,r4',
].join('\n');

function byName(columns: Column[], name: string): Column {
  const found = columns.find((column) => column.name === name);
  assert.ok(found, name);
  return found;
}

function numbers(column: Column): number[] {
  assert.ok(column.values instanceof Float64Array, `${column.name} holds numbers`);
  return [...column.values];
}

async function ingestSample(): Promise<{ profile: DatasetProfile; table: Table }> {
  return withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'sample.csv', TEXT);
    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets') });
    return {
      profile: snapshot.profile,
      table: await loadTable(snapshot.path, snapshot.profile, snapshot.dialect),
    };
  });
}

test('loadTable reads each column as its profile says', async () => {
  const { profile, table } = await ingestSample();
  assert.equal(table.rowCount, 4);
  assert.deepEqual(
    profile.columns.map((c) => [c.name, c.type]),
    [
      ['amount', 'numeric'],
      ['count', 'integer'],
      ['flag', 'binary'],
      ['bit', 'binary'],
      ['colour', 'binary'],
      ['day', 'date'],
      ['ref', 'category'],
    ],
  );
  assert.deepEqual(numbers(byName(table.columns, 'amount')), [1.5, Number.NaN, 2.25, -4]);
  assert.deepEqual(numbers(byName(table.columns, 'count')), [3, 4, Number.NaN, 7]);
  const flag = byName(table.columns, 'flag');
  assert.equal(flag.type, 'binary');
  assert.deepEqual(flag.type === 'binary' ? flag.levels : null, ['no', 'yes']);
  assert.deepEqual(numbers(flag), [1, 0, 1, Number.NaN]);
  const bit = byName(table.columns, 'bit');
  assert.deepEqual(bit.type === 'binary' ? bit.levels : null, ['0', '1']);
  // "1.0" is the level "1": binary numbers are matched by value.
  assert.deepEqual(numbers(bit), [1, 0, 1, 0]);
  assert.deepEqual(numbers(byName(table.columns, 'day')), [
    Date.UTC(2024, 0, 31),
    Date.UTC(2024, 1, 29),
    Date.UTC(2023, 11, 1),
    Number.NaN,
  ]);
  assert.deepEqual(byName(table.columns, 'ref').values, ['r1', 'r2', 'r3', 'r4']);
});

test('tableFromRecords builds the same table from JSON-like records', async () => {
  const { profile } = await ingestSample();
  const records: Record<string, unknown>[] = [
    { amount: 1.5, count: '3', flag: 'yes', bit: 1, colour: 'red', day: '31/01/2024', ref: 'r1' },
    { amount: 'NA', count: 4, flag: 'no', bit: false, colour: 'blue', day: '2024-02-29', ref: 'r2' },
    { amount: '2.25', flag: 'yes', bit: '1.0', colour: null, day: Date.UTC(2023, 11, 1), ref: 'r3' },
    {
      amount: -4,
      count: 'seven',
      flag: 'maybe',
      bit: 0,
      colour: 'red',
      day: 'not a date',
      ref: 'r4',
      extra: 1,
    },
  ];
  const table = tableFromRecords(records, profile);
  assert.equal(table.rowCount, 4);
  assert.deepEqual(numbers(byName(table.columns, 'amount')), [1.5, Number.NaN, 2.25, -4]);
  assert.deepEqual(numbers(byName(table.columns, 'count')), [3, 4, Number.NaN, Number.NaN]);
  assert.deepEqual(numbers(byName(table.columns, 'flag')), [1, 0, 1, Number.NaN]);
  assert.deepEqual(numbers(byName(table.columns, 'bit')), [1, 0, 1, 0]);
  assert.deepEqual(numbers(byName(table.columns, 'day')), [
    Date.UTC(2024, 0, 31),
    Date.UTC(2024, 1, 29),
    Date.UTC(2023, 11, 1),
    Number.NaN,
  ]);
  assert.deepEqual(byName(table.columns, 'ref').values, ['r1', 'r2', 'r3', 'r4']);
  assert.deepEqual(
    table.columns.map((c) => c.name),
    profile.columns.map((c) => c.name),
  );
});

test('tableFromRecords rejects a record that is not an object', async () => {
  const { profile } = await ingestSample();
  assert.throws(
    () => tableFromRecords([{ amount: 1 }, 5 as unknown as Record<string, unknown>], profile),
    (error: unknown) => error instanceof Error && 'code' in error && error.code === 'DATA_INVALID',
  );
});

test('loadTable refuses a snapshot whose header does not match the profile', async () => {
  const { profile } = await ingestSample();
  await withTempDir(async (dir) => {
    const other = await writeCsv(dir, 'other.csv', 'a,b\n1,2\n');
    await rejection(loadTable(other, profile, DEFAULT_CSV_DIALECT), 'DATA_INVALID');
    await rejection(loadTable(join(dir, 'missing.csv'), profile, DEFAULT_CSV_DIALECT), 'NOT_FOUND');
  });
});
