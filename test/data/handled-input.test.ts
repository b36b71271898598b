import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestCsv, loadTable } from '../../main/data/index.js';
import { column, withTempDir, writeCsv } from './fixtures.js';

async function ingestText(content: string | Uint8Array) {
  return withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'input.csv', content);
    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets'), target: 'y' });
    const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect);
    return { snapshot, table };
  });
}

test('a UTF-8 byte order mark is stripped from the first column name', async () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const { snapshot, table } = await ingestText(Buffer.concat([bom, Buffer.from('id_code,y\nA,0\nB,1\n')]));
  assert.deepEqual(
    snapshot.profile.columns.map((c) => c.name),
    ['id_code', 'y'],
  );
  assert.equal(table.columns[0].name, 'id_code');
  // The snapshot keeps the exact bytes, BOM included: its name is the hash of the file.
  assert.equal(snapshot.bytes, 3 + 'id_code,y\nA,0\nB,1\n'.length);
});

test('quoted fields may hold newlines, commas and quotes', async () => {
  const text = 'note,n,y\n"two\nlines",1,0\n"a, ""quoted"" word",2,1\nplain,3,0\n';
  const { snapshot, table } = await ingestText(text);
  assert.equal(snapshot.profile.rows, 3);
  const note = column(table.columns, 'note');
  assert.ok(note.type === 'category' || note.type === 'text');
  assert.deepEqual(note.values, ['two\nlines', 'a, "quoted" word', 'plain']);
});

test('CRLF line ends leave no carriage return in values', async () => {
  const { snapshot, table } = await ingestText(
    'city,n,y\r\nOslo,1,0\r\nRome,2,1\r\n"Quoted\r\nCity",3,0\r\n',
  );
  assert.equal(snapshot.profile.rows, 3);
  const city = column(table.columns, 'city');
  assert.deepEqual(city.values, ['Oslo', 'Rome', 'Quoted\r\nCity']);
  assert.deepEqual([...(column(table.columns, 'n').values as Float64Array)], [1, 2, 3]);
});

test('empty trailing lines and a missing final newline are fine', async () => {
  const trailing = await ingestText('a,y\n1,0\n2,1\n\n\n');
  assert.equal(trailing.snapshot.profile.rows, 2);
  const unterminated = await ingestText('a,y\n1,0\n2,1');
  assert.equal(unterminated.snapshot.profile.rows, 2);
  assert.deepEqual([...(column(unterminated.table.columns, 'y').values as Float64Array)], [0, 1]);
});

test('leading blank lines before the header are skipped and still counted', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'blank-start.csv', '\n\na,b\n1,2\n3\n');
    await assert.rejects(ingestCsv(file, { datasetsDir: join(dir, 'datasets') }), /line 5/);
  });
});
