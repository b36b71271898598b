import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  type ColumnarTable,
  readCsvColumns,
  snapshotCsvColumns,
  type TypedColumn,
  validityBitmap,
} from '../../main/data/columnar/index.js';
import { generateSampleData, ingestCsvInThread, loadTable } from '../../main/data/index.js';
import { rejection, withTempDir, writeCsv } from './fixtures.js';

function column(table: ColumnarTable, name: string): TypedColumn {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
}

function texts(c: TypedColumn): (string | null)[] {
  assert.notEqual(c.kind, 'number', `${c.name} holds codes`);
  if (c.kind === 'number') return [];
  return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
}

function numbers(c: TypedColumn): number[] {
  assert.equal(c.kind, 'number', `${c.name} holds numbers`);
  return c.kind === 'number' ? Array.from(c.values) : [];
}

test('the columns and profile of generated data are what ingest and loadTable make of it', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(
      dir,
      'credit.csv',
      generateSampleData({ samples: 3000, drift: true, seed: 5 }),
    );
    const ingested = await ingestCsvInThread(file, { datasetsDir: join(dir, 'datasets'), workers: 1 });
    const { table, sha256 } = await readCsvColumns(file);
    assert.equal(sha256, ingested.id);
    assert.deepEqual(JSON.parse(JSON.stringify(table.profile)), JSON.parse(JSON.stringify(ingested.profile)));
    const loaded = await loadTable(ingested.path, ingested.profile, ingested.dialect);
    for (const expected of loaded.columns) {
      const actual = column(table, expected.name);
      if (expected.type === 'date') {
        assert.equal(actual.kind, 'date');
        if (actual.kind === 'date') {
          assert.deepEqual(
            Array.from(actual.days, (day) => day * 86_400_000),
            Array.from(expected.values),
          );
        }
      } else if (Array.isArray(expected.values)) {
        assert.deepEqual(texts(actual), expected.values, expected.name);
      } else if (expected.type === 'binary') {
        const labels = Array.from(expected.values, (v) => (Number.isNaN(v) ? null : expected.levels[v]));
        const read =
          actual.kind === 'number'
            ? numbers(actual).map((v) => (Number.isNaN(v) ? null : String(v)))
            : texts(actual);
        assert.deepEqual(read, labels, expected.name);
      } else {
        assert.deepEqual(numbers(actual), Array.from(expected.values), expected.name);
      }
    }
  });
});

test('quotes, doubled quotes, line breaks inside quotes, padding, CRLF, a BOM and missing tokens', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(
      dir,
      'quoted.csv',
      `\ufeffname,amount,note\r\n"Smith, J",1.5,"said ""hi"""\r\n  padded  ,NA,"two\r\nlines"\r\n\r\nplain, 2e3 ,\r\n"Smith, J",-0.25,null\r\n`,
    );
    const { table } = await readCsvColumns(file);
    assert.equal(table.rowCount, 4);
    assert.deepEqual(texts(column(table, 'name')), ['Smith, J', 'padded', 'plain', 'Smith, J']);
    assert.deepEqual(numbers(column(table, 'amount')), [1.5, Number.NaN, 2000, -0.25]);
    assert.deepEqual(texts(column(table, 'note')), ['said "hi"', 'two\r\nlines', null, null]);
    assert.equal(column(table, 'amount').missing, 1);
    assert.deepEqual(Array.from(validityBitmap(column(table, 'amount'))), [0b1101]);
  });
});

test('a semicolon file with decimal commas and thousands dots reads as ingest reads it', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(
      dir,
      'eu.csv',
      'price;qty;day\n3,5;1;31.01.2024\n1.234,56;2;01.02.2024\n-0,5;3;\n',
    );
    const { table, reading } = await readCsvColumns(file);
    assert.deepEqual(reading, { delimiter: ';', decimal: ',' });
    assert.deepEqual(numbers(column(table, 'price')), [3.5, 1234.56, -0.5]);
    const day = column(table, 'day');
    assert.equal(day.kind, 'date');
    if (day.kind === 'date') assert.deepEqual(Array.from(day.days), [19753, 19754, Number.NaN]);
  });
});

test('a row whose field count differs is refused with the file and its physical line', async () => {
  await withTempDir(async (dir) => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"a\nb",x`);
    rows[4200] = '4200,"a\nb"';
    const file = await writeCsv(dir, 'ragged.csv', `id,note,tag\n${rows.join('\n')}\n`);
    const error = await rejection(readCsvColumns(file), 'CSV_INVALID');
    // Header on line 1, each earlier row spans two lines.
    const line = 2 + 4200 * 2;
    assert.equal(error.message, `${file}, line ${line}: the row has 2 fields but the header has 3`);
    assert.deepEqual(error.details, { file, line, expected: 3, found: 2 });
    const wide = await writeCsv(dir, 'wide.csv', 'a,b\n1,2\n3,4,5,6\n');
    const tooMany = await rejection(readCsvColumns(wide), 'CSV_INVALID');
    assert.equal(tooMany.message, `${wide}, line 3: the row has 4 fields but the header has 2`);
  });
});

test('text deep in a number column is a counted type mismatch of that column, not a crash', async () => {
  await withTempDir(async (dir) => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i % 97},${i % 3 === 0 ? 'a' : 'b'}`);
    rows[15_000] = 'n/k,a';
    rows[18_000] = 'oops,b';
    const file = await writeCsv(dir, 'mismatch.csv', `score,group\n${rows.join('\n')}\n`);
    const { table } = await readCsvColumns(file);
    const score = column(table, 'score');
    assert.equal(score.kind, 'number');
    assert.equal(score.mismatches.count, 2);
    assert.deepEqual(score.mismatches.first, { row: 15_001, line: 15_002, text: 'n/k' });
    assert.ok(Number.isNaN(numbers(score)[15_000]));
    assert.equal(table.profile.columns[0].type, 'integer');
    assert.equal(table.profile.columns[0].missing, 2);
  });
});

test('a column whose first rows are all missing is typed on the whole column', async () => {
  await withTempDir(async (dir) => {
    const rows = [
      ...Array.from({ length: 3000 }, () => ',x'),
      ...Array.from({ length: 10 }, (_, i) => `${i}.5,y`),
    ];
    const file = await writeCsv(dir, 'late.csv', `late,tag\n${rows.join('\n')}\n`);
    const { table } = await readCsvColumns(file);
    const late = column(table, 'late');
    assert.equal(late.kind, 'number');
    assert.equal(numbers(late)[3009], 9.5);
    assert.equal(late.missing, 3000);
  });
});

test('a snapshot is kept only when the whole file read; a failed read leaves nothing', async () => {
  await withTempDir(async (dir) => {
    const datasetsDir = join(dir, 'datasets');
    const good = await writeCsv(dir, 'good.csv', 'a,b\n1,x\n2,y\n');
    const { snapshot } = await snapshotCsvColumns(good, { datasetsDir });
    assert.deepEqual((await readdir(datasetsDir)).sort(), [
      `${snapshot.id}.columns`,
      `${snapshot.id}.csv`,
      `${snapshot.id}.profile.json`,
    ]);
    const bad = await writeCsv(dir, 'bad.csv', 'a,b\n1,x\n2\n');
    await rejection(snapshotCsvColumns(bad, { datasetsDir }), 'CSV_INVALID');
    const empty = await writeCsv(dir, 'empty.csv', 'a,b\n');
    const error = await rejection(snapshotCsvColumns(empty, { datasetsDir }), 'CSV_INVALID');
    assert.match(error.message, /line 2: the file has a header but no data rows/);
    assert.deepEqual((await readdir(datasetsDir)).sort(), [
      `${snapshot.id}.columns`,
      `${snapshot.id}.csv`,
      `${snapshot.id}.profile.json`,
    ]);
  });
});
