import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestCsv, loadTable } from '../../main/data/index.js';
import { filesIn, rejection, withTempDir, writeCsv } from './fixtures.js';

const SMALL = 'x,label,when\n1.5,a,2024-01-02\n2.5,b,2024-01-03\n3.5,a,2024-01-04\n';

test('a snapshot is stored once, named by the SHA-256 of its bytes, with its profile', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'first.csv', SMALL);
    const datasetsDir = join(dir, 'datasets');
    const snapshot = await ingestCsv(file, { datasetsDir, target: 'label' });
    const hash = createHash('sha256').update(SMALL).digest('hex');
    assert.equal(snapshot.id, hash);
    assert.equal(snapshot.path, join(datasetsDir, `${hash}.csv`));
    assert.equal(snapshot.sourceName, 'first.csv');
    assert.equal(snapshot.bytes, Buffer.byteLength(SMALL));
    assert.equal(await readFile(snapshot.path, 'utf8'), SMALL);
    const stored = JSON.parse(await readFile(join(datasetsDir, `${hash}.profile.json`), 'utf8'));
    assert.deepEqual(stored, snapshot.profile);
    // The same read wrote the columns file, so loading the snapshot never parses its text.
    assert.deepEqual((await filesIn(datasetsDir)).sort(), [
      `${hash}.columns`,
      `${hash}.csv`,
      `${hash}.profile.json`,
    ]);

    // The same bytes under another name: same snapshot, nothing new written, no temp left.
    const copy = await writeCsv(dir, 'copy.csv', SMALL);
    const again = await ingestCsv(copy, { datasetsDir, sourceName: 'renamed.csv' });
    assert.equal(again.id, hash);
    assert.equal(again.sourceName, 'renamed.csv');
    assert.deepEqual((await filesIn(datasetsDir)).sort(), [
      `${hash}.columns`,
      `${hash}.csv`,
      `${hash}.profile.json`,
    ]);

    // Different bytes: a second snapshot beside the first.
    const other = await writeCsv(dir, 'other.csv', `${SMALL}4.5,b,2024-01-05\n`);
    const second = await ingestCsv(other, { datasetsDir });
    assert.notEqual(second.id, hash);
    assert.equal((await filesIn(datasetsDir)).length, 6);
  });
});

test('a failed ingest leaves earlier snapshots alone', async () => {
  await withTempDir(async (dir) => {
    const datasetsDir = join(dir, 'datasets');
    await ingestCsv(await writeCsv(dir, 'good.csv', SMALL), { datasetsDir });
    const before = (await filesIn(datasetsDir)).sort();
    await rejection(
      ingestCsv(await writeCsv(dir, 'bad.csv', 'a,b\n1,2\n3\n'), { datasetsDir }),
      'CSV_INVALID',
    );
    assert.deepEqual((await filesIn(datasetsDir)).sort(), before);
  });
});

/** A file of several 1 MiB read chunks, with quoted newlines and CRLF, so segments are cut mid-stream. */
function largeCsvRecords(rows: number): string[] {
  const lines = ['id,amount,city,note,when,y'];
  const cities = ['Oslo', 'Rome', 'Lima', 'Pune', 'Kyiv'];
  for (let i = 0; i < rows; i++) {
    const note = i % 37 === 0 ? `"line one\r\nline ""two"", with comma"` : `plain note ${i % 11}`;
    const amount = i % 101 === 0 ? '' : ((i * 7919) % 10007) / 10;
    const when = `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    lines.push(`${i},${amount},${cities[i % 5]},${note},${when},${i % 3 === 0 ? 1 : 0}`);
  }
  return lines;
}

function largeCsv(rows: number): string {
  return `${largeCsvRecords(rows).join('\r\n')}\r\n`;
}

test('worker threads and the calling thread produce the same profile and table', async () => {
  await withTempDir(async (dir) => {
    const text = largeCsv(60_000);
    assert.ok(Buffer.byteLength(text) > 2 << 20);
    const file = await writeCsv(dir, 'large.csv', text);
    const inline = await ingestCsv(file, { datasetsDir: join(dir, 'a'), workers: 0 });
    const parallel = await ingestCsv(file, { datasetsDir: join(dir, 'b'), workers: 3 });
    assert.equal(parallel.id, inline.id);
    assert.deepEqual(parallel.profile, inline.profile);
    assert.equal(inline.profile.rows, 60_000);
    const table = await loadTable(inline.path, inline.profile, inline.dialect);
    assert.equal(table.rowCount, 60_000);
    const note = table.columns.find((c) => c.name === 'note');
    assert.equal(note?.values[37], 'line one\r\nline "two", with comma');
  });
});

test('a ragged row deep in a large file reports its true line, with or without workers', async () => {
  await withTempDir(async (dir) => {
    const records = largeCsvRecords(60_000);
    // Data row 50,000 is record 50,001 (after the header); every quoted note before it adds a line.
    records[50_001] = `${records[50_001]},extra`;
    const file = await writeCsv(dir, 'ragged.csv', records.join('\r\n'));
    const quotedBefore = Array.from({ length: 50_000 }, (_, i) => i).filter((i) => i % 37 === 0).length;
    const expectedLine = 50_001 + quotedBefore + 1;
    for (const workers of [0, 2]) {
      const datasetsDir = join(dir, `datasets-${workers}`);
      const error = await rejection(ingestCsv(file, { datasetsDir, workers }), 'CSV_INVALID');
      assert.equal(error.details?.line, expectedLine, error.message);
      assert.deepEqual(await filesIn(datasetsDir), []);
    }
  });
});
